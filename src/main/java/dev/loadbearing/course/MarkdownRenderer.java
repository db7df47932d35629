package dev.loadbearing.course;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Renders lesson markdown: CommonMark with GitHub tables, strikethrough, autolinks and alerts
 * ({@code > [!NOTE]}), heading anchors and a table of contents, fenced code marked with its
 * language for highlighting, and {@code mermaid} fences left for the page to draw. The output is
 * sanitised, so raw HTML in a lesson can format ({@code <details>}, {@code <kbd>}) but never script.
 * Thread-safe and reusable.
 */
public final class MarkdownRenderer {
    private static final List<Extension> EXTENSIONS =
            List.of(TablesExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create());
    private static final Pattern ALERT_MARKER =
            Pattern.compile("\\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)]\\s*", Pattern.CASE_INSENSITIVE);
    private static final Safelist SAFELIST = Safelist.relaxed()
            .addTags("details", "summary", "kbd", "del", "s", "hr", "figure", "figcaption", "mark", "abbr")
            .addAttributes(":all", "class", "id", "role", "aria-label", "aria-hidden", "title")
            .addAttributes("th", "align")
            .addAttributes("td", "align")
            .addAttributes("ol", "start")
            .addAttributes("details", "open")
            .addAttributes("div", "data-embed")
            .preserveRelativeLinks(true);

    /** Fenced blocks that embed something the page draws, by their language word. */
    static final Set<String> EMBED_KINDS = Set.of("quiz", "exercise", "simulation");

    private final Parser parser = Parser.builder()
            .extensions(EXTENSIONS)
            .postProcessor(MarkdownRenderer::alerts)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    /** Renders markdown that is not part of a file (line numbers count from 1). */
    public RenderedMarkdown render(String markdown) {
        return render(markdown, 1);
    }

    /**
     * Renders a lesson body.
     *
     * @param firstLine the file line the body starts on, so embeds report where they stand
     */
    public RenderedMarkdown render(String markdown, int firstLine) {
        Node document = parser.parse(markdown);
        var embeds = new ArrayList<RenderedMarkdown.Embed>();
        var anchors = new LinkedHashMap<Heading, String>();
        var toc = new ArrayList<RenderedMarkdown.Heading>();
        var flags = new boolean[2]; // diagrams, code
        IdGenerator ids = IdGenerator.builder().build();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String text = plainText(heading).strip();
                String anchor = ids.generateId(text);
                anchors.put(heading, anchor);
                if (heading.getLevel() == 2 || heading.getLevel() == 3) {
                    toc.add(new RenderedMarkdown.Heading(heading.getLevel(), text, anchor));
                }
            }

            @Override
            public void visit(FencedCodeBlock code) {
                String language = language(code);
                if (EMBED_KINDS.contains(language)) {
                    int line = code.getSourceSpans().isEmpty() ? 0 : code.getSourceSpans().get(0).getLineIndex();
                    embeds.add(new RenderedMarkdown.Embed(language, argument(code), firstLine + line));
                } else if ("mermaid".equals(language)) {
                    flags[0] = true;
                } else {
                    flags[1] = true;
                }
            }
        });
        HtmlRenderer html = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .sanitizeUrls(true)
                .nodeRendererFactory(context -> new LessonNodes(context, anchors))
                .build();
        String unsafe = html.render(document);
        String safe = withoutEmptyHeaders(Jsoup.clean(unsafe, "https://course.invalid/", SAFELIST,
                new Document.OutputSettings().prettyPrint(false)));
        return new RenderedMarkdown(safe, List.copyOf(toc), List.copyOf(embeds), flags[0], flags[1]);
    }

    /**
     * A table's empty corner cell ({@code | | Layer 4 | Layer 7 |}) becomes a plain cell: a header
     * with no text names nothing, and screen readers would announce it before every column.
     */
    private static String withoutEmptyHeaders(String html) {
        if (!html.contains("<th")) {
            return html;
        }
        Document fragment = Jsoup.parseBodyFragment(html);
        fragment.outputSettings().prettyPrint(false);
        var empty = fragment.select("th").stream().filter(th -> th.text().isBlank() && th.children().isEmpty()).toList();
        if (empty.isEmpty()) {
            return html;
        }
        empty.forEach(th -> th.tagName("td"));
        return fragment.body().html();
    }

    /** Renders a short text (a quiz choice): inline markdown without the surrounding paragraph. */
    public String renderInline(String markdown) {
        String html = render(markdown).html().strip();
        if (html.startsWith("<p>") && html.endsWith("</p>") && html.indexOf("<p>", 1) < 0) {
            return html.substring(3, html.length() - 4);
        }
        return html;
    }

    static String language(FencedCodeBlock code) {
        String info = code.getInfo() == null ? "" : code.getInfo().strip();
        int space = info.indexOf(' ');
        return (space < 0 ? info : info.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    /** The word after the language: {@code ```quiz lb-basics} → {@code lb-basics}. */
    static String argument(FencedCodeBlock code) {
        String[] words = (code.getInfo() == null ? "" : code.getInfo().strip()).split("\\s+");
        return words.length > 1 ? words[1] : "";
    }

    private static String plainText(Node node) {
        var text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code c) {
                text.append(c.getLiteral());
            }
        });
        return text.toString();
    }

    /** Turns {@code > [!NOTE]} block quotes into {@link Alert} blocks (GitHub's alert syntax). */
    private static Node alerts(Node document) {
        var quotes = new ArrayList<BlockQuote>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(BlockQuote quote) {
                quotes.add(quote);
                visitChildren(quote);
            }
        });
        for (BlockQuote quote : quotes) {
            if (!(quote.getFirstChild() instanceof Paragraph first) || !(first.getFirstChild() instanceof Text marker)) {
                continue;
            }
            Matcher matcher = ALERT_MARKER.matcher(marker.getLiteral());
            Node after = marker.getNext();
            boolean alone = matcher.matches()
                    && (after == null || after instanceof SoftLineBreak || after instanceof HardLineBreak);
            if (!alone) {
                continue;
            }
            var alert = new Alert(matcher.group(1).toLowerCase(Locale.ROOT));
            marker.unlink();
            if (after != null) {
                after.unlink();
            }
            if (first.getFirstChild() == null) {
                first.unlink();
            }
            for (Node child = quote.getFirstChild(); child != null; ) {
                Node next = child.getNext();
                alert.appendChild(child);
                child = next;
            }
            quote.insertAfter(alert);
            quote.unlink();
        }
        return document;
    }

    /** A GitHub alert: a call-out of one of five kinds. */
    static final class Alert extends CustomBlock {
        final String kind;

        Alert(String kind) {
            this.kind = kind;
        }
    }

    /** Renders headings with anchors, code fences, mermaid diagrams and alerts. */
    private static final class LessonNodes implements NodeRenderer {
        private static final Map<String, String> ALERT_TITLES = Map.of(
                "note", "Note", "tip", "Tip", "important", "Important", "warning", "Warning", "caution", "Caution");
        private final HtmlNodeRendererContext context;
        private final HtmlWriter out;
        private final Map<Heading, String> anchors;

        LessonNodes(HtmlNodeRendererContext context, Map<Heading, String> anchors) {
            this.context = context;
            this.out = context.getWriter();
            this.anchors = anchors;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Heading.class, FencedCodeBlock.class, Alert.class);
        }

        @Override
        public void render(Node node) {
            if (node instanceof Heading heading) {
                renderHeading(heading);
            } else if (node instanceof FencedCodeBlock code) {
                renderCode(code);
            } else if (node instanceof Alert alert) {
                renderAlert(alert);
            }
        }

        private void renderHeading(Heading heading) {
            String tag = "h" + heading.getLevel();
            String anchor = anchors.get(heading);
            out.line();
            out.tag(tag, Map.of("id", anchor));
            renderChildren(heading);
            out.raw(" ");
            out.tag("a", attributes("class", "anchor", "href", "#" + anchor, "aria-label", "Link to this section"));
            out.text("#");
            out.tag("/a");
            out.tag("/" + tag);
            out.line();
        }

        private void renderCode(FencedCodeBlock code) {
            String language = language(code);
            out.line();
            if (EMBED_KINDS.contains(language)) {
                out.raw(new RenderedMarkdown.Embed(language, argument(code), 0).marker());
            } else if (language.equals("mermaid")) {
                out.tag("pre", Map.of("class", "mermaid"));
                out.text(code.getLiteral());
                out.tag("/pre");
            } else {
                out.tag("pre");
                out.tag("code", language.isEmpty() ? Map.of() : Map.of("class", "language-" + language));
                out.text(code.getLiteral());
                out.tag("/code");
                out.tag("/pre");
            }
            out.line();
        }

        private void renderAlert(Alert alert) {
            out.line();
            out.tag("div", attributes("class", "alert alert-" + alert.kind, "role", "note"));
            out.tag("p", Map.of("class", "alert-title"));
            out.text(ALERT_TITLES.get(alert.kind));
            out.tag("/p");
            renderChildren(alert);
            out.tag("/div");
            out.line();
        }

        /** Attributes in the order given, so the same markdown always renders to the same bytes. */
        private static Map<String, String> attributes(String... namesAndValues) {
            var map = new LinkedHashMap<String, String>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                map.put(namesAndValues[i], namesAndValues[i + 1]);
            }
            return map;
        }

        private void renderChildren(Node parent) {
            for (Node child = parent.getFirstChild(); child != null; ) {
                Node next = child.getNext();
                context.render(child);
                child = next;
            }
        }
    }
}
