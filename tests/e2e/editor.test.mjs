// The code editor of "your own program" (www/editor/editor.js, bundled into editor/editor.js),
// as a person uses it: type a program, indent with Tab, run with Ctrl+Enter, see an error's
// line marked. The page has no code tab yet, so each test mounts an editor itself, the way
// www/python/bridge.js does (a dynamic import of the bundle), into a box at the top of the
// page, and then acts only through the keyboard on [data-testid=editor].
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchPlayground } from "./support/playground.mjs";

// A program with what typing can trip on: indentation and dedents, a call spread over lines,
// brackets and quotes of every kind (typed closing ones included), a docstring, an f-string,
// an apostrophe in a comment, blank lines.
const PROGRAM = `import asyncio


async def worker(name, delay_s):
    """Waits, then reports."""
    await asyncio.sleep(delay_s)
    # it's done: say so
    print(f"{name} done after {delay_s} s", {"name": name}, [1, 2], ('a', "b"))
    return name


async def main():
    results = await asyncio.gather(
        worker("A", 0.3),
        worker("B", 0.1),
    )
    if results:
        print(results)
    else:
        print('nothing')


asyncio.run(main())
`;

let playground;
let editor;
before(async () => {
  playground = await launchPlayground();
  editor = new EditorUnderTest(playground.page);
});
after(async () => {
  await playground?.close();
});

test("the page does not load the editor until one is made", async () => {
  await playground.open();
  await playground.page.waitForLoadState("load");
  assert.deepEqual(await editor.editorRequests(), []);
  await editor.mount("");
  assert.equal((await editor.editorRequests()).length, 1, "made, the editor is one file");
  assert.deepEqual(playground.errors, []);
});

test("typing a program key by key leaves exactly that program", async () => {
  await playground.open();
  await editor.mount("print('the program this replaces')\n");
  await editor.selectAllAndType(PROGRAM);
  assert.equal(await editor.text(), PROGRAM);
  assert.deepEqual(playground.errors, []);
});

test("Tab indents the line by 4 spaces, Shift+Tab dedents it, Escape then Tab leaves", async () => {
  await playground.open();
  await editor.mount("async def main():\nprint('hi')\n");
  await editor.focus();
  await editor.press("ControlOrMeta+Home");
  await editor.press("ArrowDown");
  await editor.press("Tab");
  assert.equal(await editor.line(2), "    print('hi')");
  await editor.press("Tab");
  assert.equal(await editor.line(2), "        print('hi')");
  await editor.press("Shift+Tab");
  assert.equal(await editor.line(2), "    print('hi')");
  assert.ok(await editor.hasFocus(), "Tab stays in the editor");
  // On a new line: Tab, then the line's text; Backspace in the indentation removes 4 spaces.
  await editor.press("End");
  await editor.press("Enter");
  await editor.press("Tab");
  await editor.press("Tab");
  await editor.press("Backspace");
  await editor.type("return 1");
  assert.equal(await editor.line(3), "    return 1");
  for (let i = 0; i < 10; i++) await editor.press("ControlOrMeta+z");
  assert.equal(await editor.text(), "async def main():\nprint('hi')\n", "undo goes back to the text it was made with");
  const edited = "async def main():\n    print('hi')\n    return 1\n";
  // "Z", as a browser reports z with Shift (Playwright's "Shift+z" reports "z", which
  // CodeMirror takes for Ctrl+Z).
  for (let i = 0; i < 10; i++) await editor.press("ControlOrMeta+Shift+Z");
  assert.equal(await editor.text(), edited, "and redo forward to the end");
  await editor.press("Escape");
  await editor.press("Tab");
  assert.ok(!(await editor.hasFocus()), "Escape then Tab moves the focus on");
  assert.equal(await editor.text(), edited);
  assert.deepEqual(playground.errors, []);
});

test("Ctrl+Enter and Cmd+Enter run the program and insert nothing", async () => {
  await playground.open();
  await editor.mount("print('hi')");
  await editor.focus();
  await editor.press("ControlOrMeta+End");
  await editor.press("Control+Enter");
  assert.equal(await editor.runCount(), 1);
  await editor.press("Meta+Enter");
  assert.equal(await editor.runCount(), 2);
  assert.equal(await editor.text(), "print('hi')");
  await editor.press("Enter");
  assert.equal(await editor.text(), "print('hi')\n", "Enter alone is a new line");
  assert.equal(await editor.runCount(), 2);
  assert.deepEqual(playground.errors, []);
});

test("setText replaces the whole program", async () => {
  await playground.open();
  await editor.mount("old = 1\nolder = 2\n");
  await editor.setText("import asyncio\nasyncio.run(main())\n");
  assert.equal(await editor.text(), "import asyncio\nasyncio.run(main())\n");
  assert.deepEqual(await editor.visibleLines(), ["import asyncio", "asyncio.run(main())", ""]);
  assert.deepEqual(playground.errors, []);
});

test("markLine marks the line of an error, scrolls to it, and null clears it", async () => {
  await playground.open();
  await editor.mount(PROGRAM);
  await editor.markLine(3);
  assert.deepEqual(await editor.markedLines(), [{ number: 3, text: "" }]);
  await editor.markLine(5);
  assert.deepEqual(await editor.markedLines(), [{ number: 5, text: '    """Waits, then reports."""' }]);
  await editor.markLine(null);
  assert.deepEqual(await editor.markedLines(), []);

  // The mark follows its line while other lines change, and goes once the line is edited.
  await editor.markLine(5);
  await editor.focus();
  await editor.press("ControlOrMeta+Home");
  await editor.press("Enter");
  assert.deepEqual(await editor.markedLines(), [{ number: 6, text: '    """Waits, then reports."""' }]);
  for (let i = 0; i < 4; i++) await editor.press("ArrowDown");
  await editor.press("End");
  await editor.press("Space");
  assert.deepEqual(await editor.markedLines(), []);

  // A line below the editor's fold is scrolled into its view.
  await editor.setText(Array.from({ length: 80 }, (_, i) => `print(${i + 1})`).join("\n"));
  await editor.markLine(70);
  assert.deepEqual(await editor.markedLines(), [{ number: 70, text: "print(70)" }]);
  assert.ok(await editor.markIsInView(), "the marked line is in the editor's view");
  assert.deepEqual(playground.errors, []);
});

test("Python keywords, strings and comments are coloured", async () => {
  await playground.open();
  await editor.mount("async def main():\n    await asyncio.sleep(1)  # wait\n    print('done')\n");
  const plain = await editor.colourOf("asyncio");
  for (const word of ["async", "def", "await", "'done'", "# wait"]) {
    const colour = await editor.colourOf(word);
    assert.ok(colour, `${word} is drawn`);
    assert.notEqual(colour, plain, `${word} has a colour of its own`);
  }
  assert.deepEqual(playground.errors, []);
});

test("the editor is 12 lines tall at least, grows to 30, then scrolls", async () => {
  await playground.open();
  await editor.mount("x = 1\n");
  const short = await editor.size();
  assert.ok(short.heightInLines >= 11.5 && short.heightInLines <= 13.5, `${short.heightInLines} lines tall`);
  await editor.setText(Array.from({ length: 20 }, (_, i) => `print(${i})`).join("\n"));
  const middle = await editor.size();
  assert.ok(middle.heightInLines >= 19.5 && middle.heightInLines <= 21.5, `${middle.heightInLines} lines tall`);
  await editor.setText(Array.from({ length: 80 }, (_, i) => `print(${i})`).join("\n"));
  const long = await editor.size();
  assert.ok(long.heightInLines >= 29 && long.heightInLines <= 31.5, `${long.heightInLines} lines tall`);
  assert.ok(long.scrolls, "a long program scrolls inside the editor");
  assert.deepEqual(playground.errors, []);
});

test("on a phone a 200-character line wraps: nothing is wider than the screen", async () => {
  await playground.page.setViewportSize({ width: 390, height: 844 });
  try {
    await playground.open();
    const longLine = `print("${"the quick brown fox ".repeat(10)}")`;
    assert.ok(longLine.length >= 200);
    await editor.mount(`async def main():\n    ${longLine}\n    ${"x".repeat(200)}\n`);
    assert.ok(await playground.page.evaluate(() => document.documentElement.scrollWidth) <= 390);
    const size = await editor.size();
    assert.ok(size.scrollWidth <= size.clientWidth, "no code hides to the right inside the editor");
    assert.ok(size.fontSizePx >= 16, `text is ${size.fontSizePx} px, enough on a phone`);
    // The continuation of the indented line starts right of its indentation, never left.
    const rows = await editor.wrappedRows(2);
    assert.ok(rows.lefts.length >= 3, `line 2 wraps into ${rows.lefts.length} rows`);
    for (const left of rows.lefts.slice(1)) {
      assert.ok(Math.abs(left - rows.lefts[0] - 8 * rows.charWidth) < 1, "continuations start 4 columns right of the indentation");
    }
    assert.deepEqual(playground.errors, []);
  } finally {
    await playground.page.setViewportSize({ width: 1280, height: 720 });
  }
});

// The editor as the tests see it: made in the page as bridge.js makes it, used by keyboard.
class EditorUnderTest {
  constructor(page) {
    this.page = page;
    this.content = page.locator("[data-testid=editor]");
  }

  // Imports the bundle and makes an editor holding `text` in a box at the top of the page;
  // its onRun counts the runs.
  async mount(text) {
    await this.page.evaluate(async (text) => {
      const { createEditor } = await import(new URL("editor/editor.js", document.baseURI).href);
      const box = document.createElement("section");
      box.dataset.testid = "editor-box";
      box.style.margin = "0.5rem";
      document.body.prepend(box);
      window.editorRuns = 0;
      window.editorUnderTest = createEditor(box, text, { onRun: () => { window.editorRuns += 1; } });
    }, text);
    await this.content.waitFor();
  }

  // The requests the page made for the editor's bundle.
  async editorRequests() {
    return this.page.evaluate(() => performance.getEntriesByType("resource")
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.startsWith("/editor/")));
  }

  async focus() {
    await this.content.focus();
  }

  async hasFocus() {
    return this.content.evaluate((element) => element.contains(document.activeElement));
  }

  async press(keys) {
    await this.page.keyboard.press(keys);
  }

  async type(text) {
    await this.page.keyboard.type(text);
  }

  // Selects everything and types `text` one key at a time, as a person does.
  async selectAllAndType(text) {
    await this.content.focus();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.type(text);
  }

  async text() {
    return this.page.evaluate(() => window.editorUnderTest.getText());
  }

  async line(number) {
    return (await this.text()).split("\n")[number - 1];
  }

  async setText(text) {
    await this.page.evaluate((text) => window.editorUnderTest.setText(text), text);
  }

  async markLine(line) {
    await this.page.evaluate((line) => window.editorUnderTest.markLine(line), line);
  }

  async runCount() {
    return this.page.evaluate(() => window.editorRuns);
  }

  // The text of the lines drawn on screen, top to bottom.
  async visibleLines() {
    return this.content.locator(".cm-line").allTextContents();
  }

  // The drawn lines marked as an error's, with their numbers from the gutter.
  async markedLines() {
    return this.page.evaluate(() => {
      const marked = [...document.querySelectorAll("[data-testid=editor] .cm-line.cm-error-line")];
      const numbers = [...document.querySelectorAll(".cm-lineNumbers .cm-gutterElement.cm-error-gutter")];
      if (numbers.length !== marked.length) throw new Error(`${marked.length} lines marked, ${numbers.length} line numbers`);
      return marked.map((line, i) => ({ number: Number(numbers[i].textContent), text: line.textContent }));
    });
  }

  // Whether the marked line lies within the editor's scrolled view and the window's.
  // Whether the marked line comes into view within 5 s: the editor scrolls at its next
  // measure, which a busy machine may hold back a few frames.
  async markIsInView() {
    const inView = () => {
      const line = document.querySelector("[data-testid=editor] .cm-line.cm-error-line")?.getBoundingClientRect();
      const view = document.querySelector(".cm-scroller").getBoundingClientRect();
      return Boolean(line) && line.top >= view.top && line.bottom <= view.bottom && line.top >= 0 && line.bottom <= innerHeight;
    };
    return this.page.waitForFunction(inView, null, { timeout: 5_000 }).then(() => true, () => false);
  }

  // The colour `text` is drawn in: that of the innermost element holding exactly it.
  async colourOf(text) {
    return this.content.evaluate((content, text) => {
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_ELEMENT);
      let found = null;
      for (let node = walker.currentNode; node; node = walker.nextNode()) {
        if (node.textContent === text) found = node;
      }
      return found && getComputedStyle(found).color;
    }, text);
  }

  // Where each screen row of drawn line `number` starts (px from the left, top row first),
  // and the width of one character.
  async wrappedRows(number) {
    return this.content.evaluate((content, number) => {
      const line = content.querySelectorAll(".cm-line")[number - 1];
      const range = document.createRange();
      range.selectNodeContents(line);
      const leftByRow = new Map();
      for (const rect of range.getClientRects()) {
        if (rect.width === 0) continue;
        const top = Math.round(rect.top);
        leftByRow.set(top, Math.min(leftByRow.get(top) ?? Infinity, rect.left));
      }
      // Measured outside the editor: a change to its DOM would be read as typing.
      const probe = document.createElement("span");
      probe.textContent = "0".repeat(100);
      probe.style.font = getComputedStyle(line).font;
      probe.style.position = "absolute";
      document.body.append(probe);
      const charWidth = probe.getBoundingClientRect().width / 100;
      probe.remove();
      return { lefts: [...leftByRow].sort((a, b) => a[0] - b[0]).map(([, left]) => left), charWidth };
    }, number);
  }

  // The editor's height in lines of its text, and its scroller's widths.
  async size() {
    return this.page.evaluate(() => {
      const editor = document.querySelector(".cm-editor");
      const scroller = editor.querySelector(".cm-scroller");
      const style = getComputedStyle(scroller);
      const lineHeightPx = parseFloat(style.lineHeight);
      return {
        heightInLines: editor.getBoundingClientRect().height / lineHeightPx,
        scrolls: scroller.scrollHeight > scroller.clientHeight + 1,
        scrollWidth: scroller.scrollWidth,
        clientWidth: scroller.clientWidth,
        fontSizePx: parseFloat(style.fontSize),
      };
    });
  }
}
