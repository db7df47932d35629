package dev.loadbearing.sim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CacheControlTest {
    @Test
    void reads_each_directive_in_any_case_with_spaces_and_quotes() {
        CacheControl cc = CacheControl.parse(" Public ,MAX-AGE=60, s-maxage=\"300\",stale-if-error=30, must-revalidate");
        assertTrue(cc.isPublic());
        assertFalse(cc.isPrivate());
        assertTrue(cc.mustRevalidate());
        assertEquals(60, cc.maxAge());
        assertEquals(300, cc.sMaxAge());
        assertEquals(300, cc.sharedMaxAge());
        assertEquals(30, cc.staleIfError());

        CacheControl personal = CacheControl.parse("private, max-age=600");
        assertTrue(personal.isPrivate());
        assertEquals(600, personal.sharedMaxAge());
        assertTrue(CacheControl.parse("no-store").noStore());
        assertTrue(CacheControl.parse("no-cache").noCache());
        assertFalse(CacheControl.parse("no-cache").noStore());
    }

    @Test
    void absent_and_blank_headers_say_nothing() {
        assertSame(CacheControl.NONE, CacheControl.parse(null));
        assertSame(CacheControl.NONE, CacheControl.parse("  "));
        assertEquals(-1, CacheControl.NONE.maxAge());
        assertEquals(-1, CacheControl.NONE.sharedMaxAge());
        assertEquals(CacheControl.NONE, HttpResponse.ok("x").cacheControl());
        assertEquals(CacheControl.NONE, CacheControl.parse("community=\"UCI\", ,"));
    }

    @Test
    void the_first_of_a_repeated_directive_counts_and_a_bad_number_means_stale() {
        assertEquals(10, CacheControl.parse("max-age=10, max-age=99").maxAge());
        assertEquals(0, CacheControl.parse("max-age=soon").maxAge());
        assertEquals(0, CacheControl.parse("max-age=-5").maxAge());
        assertEquals(0, CacheControl.parse("max-age").maxAge());
        assertEquals(0, CacheControl.parse("max-age=99999999999999999999").maxAge());
    }

    @Test
    void writes_itself_back_as_a_header_and_is_read_from_a_response() {
        String header = "public, max-age=60, stale-if-error=300";
        assertEquals(header, CacheControl.parse(header).toString());
        assertEquals("", CacheControl.NONE.toString());
        HttpResponse response = HttpResponse.ok("page").withHeader("cache-control", "private");
        assertTrue(response.cacheControl().isPrivate());
        assertTrue(CacheControl.of(response).isPrivate());
        assertThrows(IllegalArgumentException.class, () -> new CacheControl(false, false, false, false, false, -2, -1, -1));
    }
}
