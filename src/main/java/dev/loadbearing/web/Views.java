package dev.loadbearing.web;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders Thymeleaf templates from {@code templates/} on the classpath. Every page gets the
 * variables of the layout ({@code dev}, {@code version}, and for pages {@code csrfToken},
 * {@code viewer} and {@code currentPath}) besides its own.
 */
public final class Views {
    /**
     * The request attribute holding the signed-in person the header greets (null for guests); the
     * session filter sets it before any page renders.
     */
    public static final String VIEWER = "viewer";
    private final TemplateEngine engine = new TemplateEngine();
    private final boolean dev;
    private final String version;
    private final Csrf csrf;

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

    public boolean dev() {
        return dev;
    }
}
