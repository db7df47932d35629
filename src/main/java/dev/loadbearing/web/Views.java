package dev.loadbearing.web;

import dev.loadbearing.account.Role;
import dev.loadbearing.account.User;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.unbescape.html.HtmlEscape;

/**
 * Renders Thymeleaf templates from {@code templates/} on the classpath. Every page gets the
 * variables of the layout ({@code dev}, {@code version}, and for pages {@code csrfToken},
 * {@code viewer} and {@code currentPath}) besides its own.
 *
 * <p>Pages read by everyone (the outline, lessons) go through {@link #cachedPage}: Thymeleaf
 * renders them once per content version and kind of viewer (guest, or signed in with a role),
 * with stand-ins where the CSRF token and the viewer's name go; a request only copies the bytes
 * and fills those two in. Expression evaluation costs tens of microseconds per expression and a
 * lesson has hundreds, so rendering per request was most of a lesson page's cost.
 */
public final class Views {
    /**
     * The request attribute holding the signed-in person the header greets (null for guests); the
     * session filter sets it before any page renders.
     */
    public static final String VIEWER = "viewer";
    /** Stand-ins rendered into cached pages; letters and digits only, so no escaping changes them. */
    private static final String CSRF_SLOT = "lbSlotCsrf7f3a9c";
    private static final String NAME_SLOT = "lbSlotName7f3a9c";
    private final TemplateEngine engine = new TemplateEngine();
    private final boolean dev;
    private final String version;
    private final Csrf csrf;
    private final Map<CacheKey, Cached> cache = new ConcurrentHashMap<>();

    public Views(boolean dev, String version, Csrf csrf) {
        this.dev = dev;
        this.version = version;
        this.csrf = csrf;
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(!dev);
        engine.setTemplateResolver(resolver);
        engine.setLinkBuilder(new StandardLinkBuilder() {
            // The app is always served at the root, so @{/x} links need no servlet context.
            @Override
            protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> parameters) {
                return "";
            }
        });
    }

    /** Renders a template to a string. */
    public String render(String template, Map<String, ?> model) {
        var context = new org.thymeleaf.context.Context(Locale.ENGLISH);
        context.setVariable("dev", dev);
        context.setVariable("version", version);
        model.forEach(context::setVariable);
        return engine.process(template, context);
    }

    /** Renders a template as the response, with the given status and the page's CSRF token. */
    public void page(Context ctx, int status, String template, Map<String, ?> model) {
        var withToken = new HashMap<String, Object>(model);
        withToken.put(Csrf.ATTRIBUTE, csrf.token(ctx));
        withToken.putIfAbsent(VIEWER, ctx.attribute(VIEWER));
        withToken.put("currentPath", ctx.path());
        ctx.status(status).html(render(template, withToken));
    }

    /**
     * Answers 200 with a page whose model depends only on {@code contentVersion} (compared by
     * identity: pass the object that is replaced when the content changes, such as the catalog's
     * lesson list) and on who is asking only through the layout's header. The model is built and
     * rendered on the first request for each version and kind of viewer; in dev mode on every
     * request, so edited templates show at once.
     */
    public void cachedPage(Context ctx, String template, Object contentVersion, Supplier<Map<String, ?>> model) {
        User viewer = ctx.attribute(VIEWER);
        var key = new CacheKey(template, ctx.path(), viewer == null ? null : viewer.role());
        Cached page = cache.get(key);
        if (page == null || page.contentVersion != contentVersion || dev) {
            var withSlots = new HashMap<String, Object>(model.get());
            withSlots.put(Csrf.ATTRIBUTE, CSRF_SLOT);
            withSlots.put(VIEWER, viewer == null ? null : new User(viewer.id(), "", NAME_SLOT, viewer.role()));
            withSlots.put("currentPath", ctx.path());
            page = new Cached(contentVersion, Filler.of(render(template, withSlots)));
            if (!dev) {
                cache.put(key, page);
            }
        }
        String name = viewer == null ? "" : HtmlEscape.escapeHtml4Xml(viewer.name()); // as th:text escapes
        byte[] body = page.filler.fill(csrf.token(ctx).getBytes(StandardCharsets.US_ASCII), name.getBytes(StandardCharsets.UTF_8));
        ctx.status(200).contentType("text/html; charset=utf-8").result(body);
    }

    public boolean dev() {
        return dev;
    }

    private record CacheKey(String template, String path, Role role) {}

    private record Cached(Object contentVersion, Filler filler) {}

    /** A rendered page cut at its stand-ins: literal bytes, each followed by a slot (or none, at the end). */
    private record Filler(List<byte[]> literals, List<Boolean> csrfSlots, int literalBytes, int csrfCount, int nameCount) {
        static Filler of(String html) {
            var literals = new ArrayList<byte[]>();
            var csrfSlots = new ArrayList<Boolean>();
            int literalBytes = 0;
            int csrfCount = 0;
            int from = 0;
            while (true) {
                int csrfAt = html.indexOf(CSRF_SLOT, from);
                int nameAt = html.indexOf(NAME_SLOT, from);
                int at = csrfAt < 0 ? nameAt : nameAt < 0 ? csrfAt : Math.min(csrfAt, nameAt);
                byte[] literal = html.substring(from, at < 0 ? html.length() : at).getBytes(StandardCharsets.UTF_8);
                literals.add(literal);
                literalBytes += literal.length;
                if (at < 0) {
                    break;
                }
                boolean isCsrf = at == csrfAt;
                csrfSlots.add(isCsrf);
                csrfCount += isCsrf ? 1 : 0;
                from = at + CSRF_SLOT.length(); // both stand-ins have the same length
            }
            return new Filler(List.copyOf(literals), List.copyOf(csrfSlots), literalBytes, csrfCount, csrfSlots.size() - csrfCount);
        }

        byte[] fill(byte[] csrf, byte[] name) {
            byte[] out = new byte[literalBytes + csrfCount * csrf.length + nameCount * name.length];
            int at = 0;
            for (int i = 0; i < literals.size(); i++) {
                byte[] literal = literals.get(i);
                System.arraycopy(literal, 0, out, at, literal.length);
                at += literal.length;
                if (i < csrfSlots.size()) {
                    byte[] slot = csrfSlots.get(i) ? csrf : name;
                    System.arraycopy(slot, 0, out, at, slot.length);
                    at += slot.length;
                }
            }
            return out;
        }
    }
}
