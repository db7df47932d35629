// The exercise editor: CodeMirror 6 with Java, line numbers, bracket matching, search and lint
// diagnostics, themed by the page's CSS variables so it follows light and dark mode.
// Keyboard: Ctrl/Cmd-Enter runs, Ctrl/Cmd-Shift-Enter submits. Tab indents only once the learner
// has typed in this editor; before that, and after Escape, Tab moves focus on (no keyboard trap).
import { EditorView, basicSetup } from "codemirror";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { java } from "@codemirror/lang-java";
import { HighlightStyle, syntaxHighlighting, indentUnit } from "@codemirror/language";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { tags as t } from "@lezer/highlight";

const colours = HighlightStyle.define([
  { tag: [t.keyword, t.modifier, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.bool, t.null], color: "var(--hl-keyword)" },
  { tag: [t.string, t.character], color: "var(--hl-string)" },
  { tag: [t.number], color: "var(--hl-number)" },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: [t.typeName, t.className, t.annotation], color: "var(--hl-type)" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: "var(--hl-title)" },
]);

const theme = EditorView.theme({
  "&": { color: "var(--text)", backgroundColor: "var(--code-bg)", fontSize: ".9rem", border: "1px solid var(--border)", borderRadius: "10px" },
  "&.cm-focused": { outline: "3px solid var(--accent)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.55" },
  ".cm-content": { caretColor: "var(--text)", padding: ".6rem 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
  ".cm-gutters": { backgroundColor: "var(--surface-2)", color: "var(--muted)", border: "none", borderRadius: "10px 0 0 10px" },
  ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--accent) 6%, transparent)" },
  ".cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--accent) 12%, transparent)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "color-mix(in srgb, var(--link) 28%, transparent) !important" },
  ".cm-matchingBracket": { backgroundColor: "color-mix(in srgb, var(--tip) 25%, transparent)", outline: "none" },
  ".cm-panels": { backgroundColor: "var(--surface)", color: "var(--text)" },
  ".cm-tooltip": { backgroundColor: "var(--surface)", color: "var(--text)", border: "1px solid var(--border)" },
});

/**
 * Creates an editor in `parent`.
 * @param {HTMLElement} parent
 * @param {{doc: string, label: string, onRun?: () => void, onSubmit?: () => void, onChange?: (text: string) => void}} options
 */
export function createEditor(parent, options) {
  const tabKeys = new Compartment();
  let typed = false;
  const shortcuts = Prec.highest(keymap.of([
    { key: "Mod-Enter", run: () => { options.onRun?.(); return true; } },
    { key: "Mod-Shift-Enter", run: () => { options.onSubmit?.(); return true; } },
  ]));
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        basicSetup,
        java(),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        syntaxHighlighting(colours),
        theme,
        // Long lines wrap (indented like the line they continue), so a starter's instructions are read whole.
        EditorView.lineWrapping,
        lintGutter(),
        shortcuts,
        tabKeys.of([]),
        EditorView.contentAttributes.of({ "aria-label": options.label }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          if (!typed && update.transactions.some((tr) => tr.isUserEvent("input") || tr.isUserEvent("delete"))) {
            typed = true;
            view.dispatch({ effects: tabKeys.reconfigure(keymap.of([indentWithTab])) });
          }
          options.onChange?.(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    getValue: () => view.state.doc.toString(),
    setValue(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus: () => view.focus(),
    /** @param {{line: number, column?: number, message: string, severity?: string}[]} items 1-based lines and columns */
    showDiagnostics(items) {
      const doc = view.state.doc;
      const diagnostics = items
        .filter((d) => d.line >= 1 && d.line <= doc.lines)
        .map((d) => {
          const line = doc.line(d.line);
          // A column at or past the end (a missing ";") marks the whole line, so the mark is visible.
          let from = Math.min(line.to, line.from + Math.max(0, (d.column ?? 1) - 1));
          if (from >= line.to) from = line.from;
          return { from, to: line.to, severity: d.severity ?? "error", message: d.message };
        });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
  };
}
