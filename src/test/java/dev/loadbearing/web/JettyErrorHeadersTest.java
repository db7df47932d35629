package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request Jetty cannot parse never reaches Javalin; its 400 page still carries the security headers. */
class JettyErrorHeadersTest {
    @TempDir
    Path dir;

    @Test
    void jettys_own_400_page_carries_the_security_headers() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"));
             Socket socket = new Socket("localhost", server.app().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            for (String header : SecurityHeaders.HEADERS.keySet()) {
                assertTrue(answer.toLowerCase().contains(header.toLowerCase() + ":"), header + " missing from:\n" + answer);
            }
        }
    }
}
