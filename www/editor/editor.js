// The code editor of "your own program": CodeMirror 6 with Python, in the page's colours.
// www/python/bridge.js imports this module (bundled into one file, editor/editor.js, by
// tools/editor-bundle.mjs) only when a person opens the code tab; nothing else loads it.
//
// What you type is what you get. A keystroke inserts exactly its character, so typing a
// program key by key, as a person or a test (Playwright's `keyboard.type`) does, leaves
// exactly that program in the editor:
// - Enter inserts a bare line break, with no indentation. An editor that indents the new
//   line (keeping the line above's indentation, or guessing from the syntax) cannot tell
//   "the next line starts at column 0" from "I rely on the editor's indentation": both are
//   an Enter followed by the line's first character. So a typed program with a dedent (every
//   asyncio program ends with `asyncio.run(main())` after an indented body) would come out
//   changed, and one that types its own indentation would get it twice. Indentation is one
//   key away instead: Tab indents the line by 4 spaces, Shift-Tab dedents, and Backspace in
//   leading spaces deletes back to the previous multiple of 4.
// - No re-indentation on input (CodeMirror's `indentOnInput`, which moves `else:` or a lone
//   `)` to where the syntax says), for the same reason.
// - Brackets and quotes close themselves, and typing the closing one steps over the one
//   that was inserted, so `print("hi")` typed in full is `print("hi")`. A bracket inserted
//   this way stays right after the cursor through line breaks typed before it, so a call
//   spread over lines also comes out as typed. Triple quotes do not close themselves (see
//   typedBrackets), and nothing closes itself inside a string or a comment (see
//   plainInStringsAndComments). What remains: an opening bracket in code that is never
//   closed keeps its partner, as in any editor that closes brackets.
// - No autocompletion: Enter or Tab accepting a suggestion would change typed text.
// Ctrl-Enter and Cmd-Enter run the program and insert nothing. Tab is the editor's own
// (indentation); Escape then Tab leaves the editor, as in every CodeMirror editor.

import { EditorView, ViewPlugin, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, drawSelection, dropCursor, gutterLineClass, GutterMarker, Decoration } from "@codemirror/view";
import { EditorState, Prec, StateEffect, StateField, RangeSet, RangeSetBuilder, countColumn } from "@codemirror/state";
import { indentUnit, syntaxHighlighting, syntaxTree, bracketMatching } from "@codemirror/language";
import { defaultKeymap, history, historyKeymap, indentWithTab, insertNewline } from "@codemirror/commands";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { pythonLanguage } from "@codemirror/lang-python";
import { classHighlighter } from "@lezer/highlight";

// Mounts an editor holding `text` in the element `parent`. `onRun()` is called on
// Ctrl-Enter or Cmd-Enter. Returns the handle bridge.js uses.
export function createEditor(parent, text, { onRun } = {}) {
  const run = () => {
    onRun?.();
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        Prec.highest(keymap.of([
          { key: "Ctrl-Enter", run, preventDefault: true },
          { key: "Meta-Enter", run, preventDefault: true },
        ])),
        keymap.of([
          { key: "Enter", run: insertNewline },
          indentWithTab,
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
        ]),
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        dropCursor(),
        bracketMatching(),
        closeBrackets(),
        highlightSelectionMatches(),
        pythonLanguage,
        typedBrackets,
        plainInStringsAndComments,
        syntaxHighlighting(classHighlighter),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        EditorView.lineWrapping,
        wrappedLineIndent,
        EditorView.contentAttributes.of({
          "aria-label": "Python program",
          "data-testid": "editor",
          translate: "no",
        }),
        errorLineField,
        pageTheme,
      ],
    }),
  });
  return {
    // The program as it is now.
    getText: () => view.state.doc.toString(),
    // Replaces the whole program (one step of undo), clears the error mark, and shows the
    // program's top (the page itself does not scroll).
    setText: (newText) => {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: newText },
        selection: { anchor: 0 },
        effects: setErrorLine.of(null),
      });
      view.scrollDOM.scrollTop = 0;
    },
    // Marks 1-based line `line` as the one an error points at and scrolls it into view;
    // null (or a line the program does not have) clears the mark.
    markLine: (line) => {
      const doc = view.state.doc;
      if (line === null || !Number.isInteger(line) || line < 1 || line > doc.lines) {
        view.dispatch({ effects: setErrorLine.of(null) });
        return;
      }
      const from = doc.line(line).from;
      view.dispatch({ effects: [setErrorLine.of(from), EditorView.scrollIntoView(from, { y: "center" })] });
    },
    focus: () => view.focus(),
  };
}

// Brackets and quotes that close themselves: Python's own list (@codemirror/lang-python) less
// the triple quotes. A closed `"""` would be stepped over as a whole by the first `"` of the
// typed closing one, and the other two typed quotes would then be inserted; without the
// entry, `"""` is three plain quotes, so a typed docstring comes out as typed.
const typedBrackets = pythonLanguage.data.of({
  closeBrackets: {
    brackets: ["(", "[", "{", "'", '"'],
    stringPrefixes: ["f", "fr", "rf", "r", "u", "b", "br", "rb", "F", "FR", "RF", "R", "U", "B", "BR", "RB"],
  },
});

// In a string or a comment, a bracket or quote is only itself: `# don't (worry` and
// `s = '"'` come out as typed, where CodeMirror would add partners that the rest of the
// typing then pushes ahead of the cursor. Typing the character just after the cursor is
// left to closeBrackets, which steps over a partner it inserted. (Code inside an f-string's
// braces is code, not string.)
const AUTO_CLOSED = "([{'\"";

const plainInStringsAndComments = Prec.high(EditorView.inputHandler.of((view, from, to, text, insert) => {
  const { state } = view;
  if (text.length !== 1 || !AUTO_CLOSED.includes(text) || state.selection.ranges.length !== 1) return false;
  if (from !== to || state.sliceDoc(from, from + 1) === text || !insideStringOrComment(state, from)) return false;
  view.dispatch(insert());
  return true;
}));

function insideStringOrComment(state, pos) {
  for (let node = syntaxTree(state).resolveInner(pos, -1); node; node = node.parent) {
    if (node.name === "Comment") return true;
    if (node.name === "FormatReplacement") return false;
    if ((node.name === "String" || node.name === "FormatString") && node.from < pos && pos < node.to) return true;
  }
  return false;
}

// Long lines wrap (a phone shows about 30 columns), and a wrapped line's continuation is drawn
// 4 columns right of the line's own indentation, so that it never looks like a dedent: in
// Python the indentation is the program. A line decoration with a negative text-indent does
// it (up to 16 columns, or continuations on a phone would have no room left).
const HANGING_COLUMNS = 4;
const MAX_CONTINUATION_COLUMN = 16;
const hangingIndents = new Map();

function hangingIndent(columns) {
  let decoration = hangingIndents.get(columns);
  if (!decoration) {
    const style = `padding-left: calc(${columns}ch + 6px); text-indent: -${columns}ch`;
    decoration = Decoration.line({ attributes: { style } });
    hangingIndents.set(columns, decoration);
  }
  return decoration;
}

const wrappedLineIndent = ViewPlugin.fromClass(class {
  constructor(view) {
    this.decorations = this.build(view);
  }

  update(update) {
    if (update.docChanged || update.viewportChanged) this.decorations = this.build(update.view);
  }

  build(view) {
    const { doc, tabSize } = view.state;
    const builder = new RangeSetBuilder();
    for (const { from, to } of view.visibleRanges) {
      for (let pos = from; pos <= to;) {
        const line = doc.lineAt(pos);
        const indentColumns = countColumn(/^\s*/.exec(line.text)[0], tabSize);
        builder.add(line.from, line.from, hangingIndent(Math.min(indentColumns + HANGING_COLUMNS, MAX_CONTINUATION_COLUMN)));
        pos = line.to + 1;
      }
    }
    return builder.finish();
  }
}, { decorations: (plugin) => plugin.decorations });

// The start of the line an error points at, or null. The mark follows its line while the
// rest of the program is edited, and goes once the line itself is edited (being fixed).
const setErrorLine = StateEffect.define();

const errorLineDecoration = Decoration.line({ class: "cm-error-line" });

const errorGutterMarker = new (class extends GutterMarker {
  elementClass = "cm-error-gutter";
})();

const errorLineField = StateField.define({
  create: () => null,
  update(from, transaction) {
    for (const effect of transaction.effects) if (effect.is(setErrorLine)) from = effect.value;
    if (from === null || !transaction.docChanged) return from;
    const line = transaction.startState.doc.lineAt(from);
    let touched = false;
    transaction.changes.iterChangedRanges((changeFrom, changeTo) => {
      if (changeFrom <= line.to && changeTo >= line.from) touched = true;
    });
    return touched ? null : transaction.changes.mapPos(from);
  },
  provide: (field) => [
    EditorView.decorations.from(field, (from) =>
      from === null ? Decoration.none : Decoration.set([errorLineDecoration.range(from)])),
    gutterLineClass.from(field, (from) =>
      from === null ? RangeSet.empty : RangeSet.of([errorGutterMarker.range(from)])),
  ],
});

// Colours of the syntax, light and dark. Each reads at 4.5:1 or more on --panel.
const TOKEN_COLOURS = {
  light: { keyword: "#7a2fc4", string: "#a3321a", number: "#0b6e4f", bool: "#a14d00", comment: "#5f6670", definition: "#1d5fbf", className: "#0f6f7a", meta: "#a14d00" },
  dark: { keyword: "#c7a6ff", string: "#f2a58e", number: "#7fdcb0", bool: "#ffbe7a", comment: "#9a9cb0", definition: "#8dbdff", className: "#6fd3da", meta: "#ffbe7a" },
};

const tokenRules = (colours) => ({
  ".tok-keyword": { color: colours.keyword },
  ".tok-string, .tok-string2": { color: colours.string },
  ".tok-number": { color: colours.number },
  ".tok-bool": { color: colours.bool },
  ".tok-comment": { color: colours.comment, fontStyle: "italic" },
  ".tok-definition": { color: colours.definition },
  ".tok-className": { color: colours.className },
  ".tok-meta": { color: colours.meta },
  ".tok-invalid": { color: "var(--blocked, #e03131)" },
});

// Line height in ems of the editor's font: the editor is 12 lines tall at least and grows to
// 30 lines, then scrolls.
const LINE_EM = 1.5;
const CONTENT_PADDING_PX = 8;

// The page's colours (www/style.css sets them for light and dark), so the editor follows
// prefers-color-scheme with the page.
const pageTheme = EditorView.theme({
  "&": {
    color: "var(--fg)",
    backgroundColor: "var(--panel)",
    border: "1px solid var(--border)",
    borderRadius: "0.5rem",
    overflow: "hidden",
    minWidth: "0",
  },
  "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "1px" },
  ".cm-scroller": {
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: "0.9rem",
    lineHeight: String(LINE_EM),
    maxHeight: `calc(${30 * LINE_EM}em + ${CONTENT_PADDING_PX}px)`,
    overflowY: "auto",
  },
  ".cm-content, .cm-gutter": { minHeight: `calc(${12 * LINE_EM}em + ${CONTENT_PADDING_PX}px)` },
  ".cm-content": { caretColor: "var(--fg)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection": {
    backgroundColor: "color-mix(in srgb, var(--accent) 28%, transparent)",
  },
  ".cm-gutters": { backgroundColor: "var(--bg)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--accent) 7%, transparent)" },
  ".cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--accent) 12%, transparent)", color: "var(--fg)" },
  ".cm-line.cm-error-line": {
    backgroundColor: "color-mix(in srgb, var(--blocked, #e03131) 16%, transparent)",
    boxShadow: "inset 3px 0 0 var(--blocked, #e03131)",
  },
  ".cm-gutterElement.cm-error-gutter": { color: "var(--blocked, #e03131)", fontWeight: "700" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "color-mix(in srgb, var(--accent) 25%, transparent)", outline: "1px solid var(--accent)" },
  "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "color-mix(in srgb, var(--blocked, #e03131) 25%, transparent)" },
  ".cm-selectionMatch": { backgroundColor: "color-mix(in srgb, var(--waiting, #4dabf7) 22%, transparent)" },
  ".cm-searchMatch": { backgroundColor: "color-mix(in srgb, var(--offthread, #f08c00) 30%, transparent)", outline: "none" },
  ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "color-mix(in srgb, var(--offthread, #f08c00) 55%, transparent)" },
  // The search panel (Ctrl-F): the page's own buttons are accent-coloured, which these are not.
  ".cm-panels": { backgroundColor: "var(--bg)", color: "var(--fg)" },
  ".cm-panels.cm-panels-bottom": { borderTop: "1px solid var(--border)" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--border)" },
  ".cm-textfield": { backgroundColor: "var(--panel)", color: "var(--fg)", border: "1px solid var(--border)", borderRadius: "0.3rem", fontSize: "0.85rem" },
  ".cm-button": {
    backgroundImage: "none", backgroundColor: "var(--panel)", color: "var(--fg)",
    border: "1px solid var(--border)", borderRadius: "0.3rem", padding: "0.15rem 0.5rem", fontSize: "0.85rem",
  },
  ".cm-panel.cm-search [name=close]": { color: "var(--fg)", fontSize: "1.1rem" },
  ".cm-panel.cm-search label": { fontSize: "0.85rem" },
  ...tokenRules(TOKEN_COLOURS.light),
  "@media (prefers-color-scheme: dark)": tokenRules(TOKEN_COLOURS.dark),
  // Phones: 16 px text (iOS zooms the page into a smaller one on focus); lines wrap.
  "@media (max-width: 800px)": { ".cm-scroller": { fontSize: "1rem" } },
});
