package dev.loadbearing.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Answers {@code HEAD} as the same {@code GET} would be answered, without the body (RFC 9110
 * §9.3.2): the GET route runs, its status and headers go out, and its body is counted into
 * {@code Content-Length} instead of being sent. One filter serves every page, API read and static
 * file, so no route needs a HEAD twin.
 */
public final class HeadRequests implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !"HEAD".equals(http.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        var body = new CountingResponse((HttpServletResponse) response);
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public String getMethod() {
                return "GET";
            }
        }, body);
        body.finish();
    }

    /** Discards the body, counting its bytes, and sets Content-Length from them when the GET did not. */
    private static final class CountingResponse extends HttpServletResponseWrapper {
        private final HttpServletResponse response;
        private long bytes;
        private boolean lengthSet;
        private PrintWriter writer;
        private final ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                bytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes += len;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                try {
                    listener.onWritePossible();
                } catch (IOException e) {
                    listener.onError(e);
                }
            }
        };

        CountingResponse(HttpServletResponse response) {
            super(response);
            this.response = response;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return out;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                String name = getCharacterEncoding();
                Charset charset = name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
                writer = new PrintWriter(new OutputStreamWriter(out, charset));
            }
            return writer;
        }

        @Override
        public void setContentLength(int len) {
            lengthSet = true;
            super.setContentLength(len);
        }

        @Override
        public void setContentLengthLong(long len) {
            lengthSet = true;
            super.setContentLengthLong(len);
        }

        @Override
        public void setHeader(String name, String value) {
            lengthSet |= "Content-Length".equalsIgnoreCase(name);
            super.setHeader(name, value);
        }

        @Override
        public void flushBuffer() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public void resetBuffer() {
            bytes = 0;
            super.resetBuffer();
        }

        @Override
        public void reset() {
            bytes = 0;
            lengthSet = false;
            super.reset();
        }

        void finish() {
            if (writer != null) {
                writer.flush();
            }
            if (!lengthSet && !response.isCommitted() && bytes > 0) {
                response.setContentLengthLong(bytes);
            }
        }
    }
}
