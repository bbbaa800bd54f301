// The page at a glance, as a new user meets it on a laptop and on a phone: Run brings the
// results into view, nothing is wider than the screen, the keyboard works, and Back goes back.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchPlayground } from "./support/playground.mjs";

const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

// A quick run of every lesson.
const QUICK_RUNS = [
  "?s=primes&mode=gather",
  "?s=pokemon&mode=gather",
  "?s=chess&mode=async&speed=0.1",
  "?s=tasks&mode=gather&speed=0.1",
  "?s=icecream&mode=async&speed=0.1",
];

let playground;
before(async () => {
  playground = await launchPlayground();
});
after(async () => {
  await playground?.close();
});

// Where `selector`'s first element starts and ends on screen, in CSS px.
async function box(selector) {
  return playground.page.locator(selector).first().evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom };
  });
}

// How much wider than the window the page is, in CSS px (0 when it fits).
async function overflowPx() {
  return playground.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test("Run brings the result and the timeline into view, on a laptop and on a phone", async () => {
  for (const viewport of [LAPTOP, PHONE]) {
    await playground.page.setViewportSize(viewport);
    for (const link of QUICK_RUNS) {
      const where = `${link} at ${viewport.width}x${viewport.height}`;
      await playground.open(link);
      assert.equal(await playground.page.evaluate(() => window.scrollY), 0, `${where}: opens at the top`);
      await playground.run();
      await playground.results({ timeoutMs: 30_000 });
      assert.equal(await overflowPx(), 0, `${where}: the results are wider than the screen`);
      for (const part of ["[data-testid=run-result]", "[data-testid=timeline]"]) {
        const { top } = await box(part);
        assert.ok(top >= 0 && top < viewport.height - 60, `${where}: ${part} starts at ${top} px, out of view`);
      }
    }
  }
});

test("no page is wider than a phone's screen, before or after Copy link", async () => {
  await playground.page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: playground.server.url });
  await playground.page.setViewportSize(PHONE);
  for (const link of ["", ...QUICK_RUNS]) {
    await playground.open(link);
    assert.equal(await overflowPx(), 0, `${link || "home"}: wider than the phone`);
    if (!link) continue;
    await playground.page.locator("[data-testid=copy-link]").click();
    await playground.page.locator("[data-testid=run-message]").waitFor();
    assert.match(await playground.page.locator("[data-testid=run-message]").textContent(), /http/);
    assert.equal(await overflowPx(), 0, `${link}: wider than the phone after Copy link`);
  }
  await playground.page.setViewportSize(LAPTOP);
});

test("Ctrl+Enter runs, Escape stops, and the modes are one Tab stop moved with the arrow keys", async () => {
  await playground.page.setViewportSize(LAPTOP);
  await playground.open("?s=tasks&mode=gather&speed=0.1");
  await playground.page.keyboard.press("Control+Enter");
  const [quick] = await playground.results();
  assert.equal(quick.status, "done");
  assert.equal(quick.mode, "gather");

  // A run of about 11 s, stopped with Escape.
  await playground.open("?s=tasks&mode=serial");
  await playground.page.keyboard.press("Control+Enter");
  await playground.waitUntilRunning();
  // Its clock has started once its first task is drawn.
  await playground.page.locator("[data-testid=timeline] [data-lane]").first().waitFor();
  await playground.page.keyboard.press("Escape");
  const [stopped] = await playground.results({ timeoutMs: 10_000 });
  assert.equal(stopped.status, "stopped");

  await playground.open("?s=tasks&mode=gather");
  const modes = playground.page.locator(".modes [role=radio]");
  const count = await modes.count();
  assert.ok(count >= 4, `${count} modes`);
  assert.equal(await playground.page.locator(".modes [role=radio][tabindex='0']").count(), 1, "one Tab stop");
  const first = await modes.nth(0).getAttribute("data-mode");
  await playground.page.locator(".modes [aria-checked=true]").focus();
  const checked = (key) => playground.page.locator(`.modes [data-mode=${key}][aria-checked=true][tabindex='0']`).waitFor();
  await playground.page.keyboard.press("ArrowRight");
  const second = await modes.nth(1).getAttribute("data-mode");
  await checked(second);
  assert.equal(await playground.page.evaluate(() => document.activeElement.dataset.mode), second, "the focus follows");
  await playground.page.keyboard.press("ArrowLeft");
  await checked(first);
  await playground.page.keyboard.press("End");
  const last = await modes.nth(count - 1).getAttribute("data-mode");
  await checked(last);
  assert.equal(await playground.page.evaluate(() => document.activeElement.dataset.mode), last);
  assert.equal(playground.query().get("mode"), last);
});

test("switching lessons adds a history entry and sets the title; Back returns", async () => {
  await playground.open("?s=tasks&speed=2");
  const tasksTitle = await playground.page.title();
  assert.match(tasksTitle, /Async playground$/);
  assert.ok(!tasksTitle.startsWith("Async playground"), `the lesson comes first: ${tasksTitle}`);
  await playground.page.locator("nav.picker [data-scenario=primes]").click();
  await playground.page.waitForFunction(() => new URLSearchParams(location.search).get("s") === "primes");
  const primesTitle = await playground.page.title();
  assert.notEqual(primesTitle, tasksTitle);
  // Moving a slider replaces the entry: one Back still returns to tasks.
  await playground.nudgeSlider((await playground.page.locator("input[type=range]").first().getAttribute("name")), 1);
  await playground.page.goBack();
  await playground.page.locator("nav.picker [data-scenario=tasks][aria-pressed=true]").waitFor();
  assert.equal(playground.query().get("s"), "tasks");
  assert.equal(await playground.speed(), 2, "the entry's values come back");
  assert.equal(await playground.page.title(), tasksTitle);
  await playground.page.goForward();
  await playground.page.locator("nav.picker [data-scenario=primes][aria-pressed=true]").waitFor();
  assert.equal(await playground.page.title(), primesTitle);
  assert.deepEqual(playground.errors, []);
});

test("Compare draws both runs on one time axis, one above the other, both in view", async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    await playground.page.setViewportSize(viewport);
    await playground.open("?s=tasks&mode=gather&speed=0.1");
    await playground.compare();
    await playground.results();
    const boxes = await playground.page.locator("[data-testid=timeline]").evaluateAll((figures) =>
      figures.map((figure) => {
        const { top, bottom } = figure.getBoundingClientRect();
        return { mode: figure.dataset.mode, top, bottom };
      }),
    );
    const where = `at ${viewport.width}x${viewport.height}: ${JSON.stringify(boxes)}`;
    assert.deepEqual(boxes.map((box) => box.mode), ["serial", "gather"], where);
    assert.ok(boxes[0].bottom <= boxes[1].top, `the runs are not one above the other ${where}`);
    assert.ok(boxes[0].top >= 0 && boxes[1].bottom <= viewport.height, `both runs are not in view ${where}`);
  }
  // Where each run's drawing ends, and where its axis ends, in px from the figure's left.
  const ends = await playground.page.locator("[data-testid=timeline]").evaluateAll((figures) =>
    figures.map((figure) => {
      const left = figure.getBoundingClientRect().left;
      const segmentsEnd = Math.max(...[...figure.querySelectorAll("rect[data-kind]")].map((rect) => rect.getBoundingClientRect().right));
      const ticks = [...figure.querySelectorAll(".tick")];
      return { mode: figure.dataset.mode, segmentsPx: segmentsEnd - left, lastTick: ticks.at(-1).textContent };
    }),
  );
  assert.deepEqual(ends.map((end) => end.mode), ["serial", "gather"]);
  assert.equal(ends[0].lastTick, ends[1].lastTick, "one axis for both");
  const ratio = ends[1].segmentsPx / ends[0].segmentsPx;
  // gather takes about 450 ms against serial's 1110: its bars end well left of serial's.
  assert.ok(ratio < 0.75, `gather's bars end at ${ends[1].segmentsPx} px, serial's at ${ends[0].segmentsPx} px`);
});

test("a mode shows the parameters it uses; the others are folded, named by their modes' buttons", async () => {
  await playground.page.setViewportSize(LAPTOP);
  const visibleSliders = () => playground.page.locator("input[type=range]:visible").evaluateAll((inputs) => inputs.map((input) => input.name));
  for (const [mode, keys] of [["gather", ["da", "db", "dc", "n"]], ["background", ["bg"]], ["first", ["fast", "slow"]], ["timeout", ["op", "limit"]]]) {
    await playground.open(`?s=tasks&mode=${mode}`);
    assert.deepEqual(await visibleSliders(), keys, mode);
  }
  const folded = playground.page.locator("[data-testid=other-params]");
  await folded.locator("summary").click();
  const labels = await folded.locator("label").allTextContents();
  assert.ok(labels.includes("Background task length (create_task)"), labels.join(" | "));
  assert.ok(labels.includes("Fast task (wait (first))"), labels.join(" | "));
  assert.equal((await visibleSliders()).length, 9, "unfolded, every parameter shows");
  // Choosing another mode brings its parameters up.
  await playground.page.locator(".modes [data-mode=background]").click();
  await playground.page.locator("input[type=range][name=bg]:visible").waitFor();
  assert.deepEqual((await visibleSliders())[0], "bg");
});

test("every code listing fits its pane: no line hides behind a horizontal scroll", async () => {
  for (const viewport of [LAPTOP, PHONE]) {
    await playground.page.setViewportSize(viewport);
    for (const link of QUICK_RUNS) {
      await playground.open(link);
      const hidden = await playground.page.locator(".listing").evaluateAll((listings) =>
        listings.filter((listing) => listing.scrollWidth > listing.clientWidth + 1).map((listing) => listing.dataset.language),
      );
      assert.deepEqual(hidden, [], `${link} at ${viewport.width} px: listings that scroll sideways`);
    }
  }
  await playground.page.setViewportSize(LAPTOP);
});

test("a blocking run shows the queue behind the block: the other tasks are ready, not waiting", async () => {
  await playground.page.setViewportSize(LAPTOP);
  // Gathered with time.sleep: A holds the thread 3 x 150 ms; B and C are ready all along.
  await playground.open("?s=tasks&mode=blocking&speed=0.1");
  await playground.run();
  await playground.results();
  const ready = await playground.page.locator("[data-testid=timeline] [data-lane]").evaluateAll((lanes) =>
    Object.fromEntries(lanes.map((lane) => [
      lane.dataset.lane,
      [...lane.querySelectorAll("[data-kind=ready]")].map((segment) => Number(segment.dataset.endMs) - Number(segment.dataset.startMs)),
    ])),
  );
  assert.ok(ready.B?.[0] >= 300, `B is ready while A blocks: ${JSON.stringify(ready)}`);
  assert.ok(ready.C?.[0] >= 600, `C is ready while A and B block: ${JSON.stringify(ready)}`);
  assert.match(await playground.page.locator(".legend").first().textContent(), /ready/);
  // Gathered with awaited sleeps, nobody queues for long.
  await playground.open("?s=tasks&mode=gather&speed=0.1");
  await playground.run();
  await playground.results();
  const longest = await playground.page.locator("[data-kind=ready]").evaluateAll((segments) =>
    Math.max(0, ...segments.map((segment) => Number(segment.dataset.endMs) - Number(segment.dataset.startMs))),
  );
  assert.ok(longest < 100, `an awaited run's longest ready time: ${longest} ms`);
});

// The cursor's moment in ms, or null.
async function cursorAtMs() {
  const cursor = playground.page.locator("[data-testid=timeline-cursor]");
  return (await cursor.count()) ? Number(await cursor.first().getAttribute("data-at-ms")) : null;
}

test("the cursor shows any moment: each task's state and the lines printed by then; a line moves it", async () => {
  await playground.page.setViewportSize(LAPTOP);
  await playground.open("?s=tasks&mode=gather&speed=0.1");
  await playground.run();
  const [result] = await playground.results();
  const timeline = playground.page.locator("[data-testid=timeline]");
  // Pointing at 40% of the plot (its left edge is 140 of 960 units in, its right 12 from the end).
  const box = await timeline.locator("svg").boundingBox();
  await playground.page.mouse.move(box.x + (box.width * (140 + 0.4 * 808)) / 960, box.y + box.height / 2);
  const pointed = await cursorAtMs();
  assert.ok(pointed > 0 && pointed < result.totalMs, `the cursor at ${pointed} ms`);
  const readout = await playground.page.locator("[data-testid=cursor-readout]").textContent();
  assert.match(readout, /^At \d+ ms: .*(waiting|running)/, readout);
  const lines = playground.page.locator("[data-testid=output] .line");
  const marks = await lines.evaluateAll((all) => all.map((line) => [Number(line.dataset.atMs), line.classList.contains("before-cursor")]));
  for (const [atMs, before] of marks) assert.equal(before, atMs <= pointed + 0.1, `a line at ${atMs} ms, the cursor at ${pointed}`);
  assert.ok(marks.some(([, before]) => before) && marks.some(([, before]) => !before), "some lines before, some after");

  // The keyboard: Home and End go to the run's ends.
  await timeline.focus();
  await playground.page.keyboard.press("End");
  assert.ok(Math.abs((await cursorAtMs()) - result.totalMs) < 10, `End: ${await cursorAtMs()} against ${result.totalMs}`);
  await playground.page.keyboard.press("Home");
  assert.equal(await cursorAtMs(), 0);
  await playground.page.keyboard.press("ArrowRight");
  assert.ok((await cursorAtMs()) > 0, "an arrow moves it on");

  // Clicking a printed line moves the cursor to its moment.
  const fifth = lines.nth(4);
  await fifth.click();
  assert.equal(await cursorAtMs(), Number(await fifth.getAttribute("data-at-ms")));
  assert.ok(await fifth.evaluate((line) => line.classList.contains("before-cursor")));
});

test("after a blocking run, Replay draws what happened while the page was frozen", async () => {
  await playground.page.setViewportSize(LAPTOP);
  await playground.open("?s=tasks&mode=blocking&speed=0.1");
  await playground.run();
  const [result] = await playground.results();
  assert.ok(result.maxFrameGapMs > 300, `the run froze the page: ${result.maxFrameGapMs} ms`);
  await playground.page.locator("[data-testid=replay]").click();
  const seen = [];
  const readouts = new Set();
  for (let i = 0; i < 60 && (seen.length === 0 || seen.at(-1) < result.totalMs - 1); i++) {
    await playground.page.waitForTimeout(50);
    seen.push(await cursorAtMs());
    readouts.add(await playground.page.locator("[data-testid=cursor-readout]").textContent());
  }
  assert.ok(seen.length >= 5, `the replay took a while: ${seen.join(", ")}`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `the cursor moves forward: ${seen.join(", ")}`);
  assert.ok(Math.abs(seen.at(-1) - result.totalMs) < 10, `it ends at the run's end: ${seen.at(-1)}`);
  // Along the way it shows the queue the block built: tasks ready behind the blocked one.
  assert.ok([...readouts].some((text) => /blocked/.test(text) && /ready/.test(text)), [...readouts].join(" | "));
});

test("result cards speak plainly: one prediction, each figure explained, the server's headline its rate", async () => {
  await playground.page.setViewportSize(LAPTOP);
  await playground.open("?s=primes&mode=gather");
  await playground.run();
  await playground.results();
  const card = playground.page.locator("[data-testid=run-result]").first();
  const terms = await card.locator("dt").evaluateAll((all) => all.map((dt) => [dt.firstChild.textContent, dt.dataset.explain ?? ""]));
  assert.equal(terms.filter(([label]) => /predicted/i.test(label) && !/÷/.test(label)).length, 1, JSON.stringify(terms));
  for (const [label, explain] of terms) assert.ok(explain.length > 20, `${label} says what it means`);
  // A tap (focus) shows the explanation.
  const first = card.locator("dt").first();
  await first.focus();
  const shown = await first.evaluate((dt) => getComputedStyle(dt, "::after").content);
  assert.ok(shown.includes(terms[0][1].slice(0, 20)), shown);

  await playground.open("?s=icecream&mode=async&speed=0.1");
  await playground.run();
  await playground.results();
  assert.match(await playground.page.locator("[data-testid=run-result] .big").first().textContent(), /per s$/);
});

test("a task that repeats itself is folded in the output, and unfolds on demand", async () => {
  await playground.page.setViewportSize(LAPTOP);
  await playground.open("?s=pokemon&mode=sequential");
  await playground.run();
  await playground.results();
  const counter = playground.page.locator("[data-testid=output] .line[data-task=counter]");
  const total = await counter.count();
  assert.ok(total >= 10, `${total} counter lines`);
  assert.equal(await playground.page.locator("[data-testid=output] .line[data-task=counter]:visible").count(), 3);
  const toggle = playground.page.locator("[data-testid=fold-toggle]");
  assert.match(await toggle.textContent(), new RegExp(`${total - 3} repeated lines folded`));
  await toggle.click();
  assert.equal(await playground.page.locator("[data-testid=output] .line[data-task=counter]:visible").count(), total);
  // The names are never folded.
  const names = await playground.page.locator("[data-testid=output] .line:not([data-task=counter]):visible").count();
  assert.ok(names >= 20, `${names} other lines`);
});

test("a timeline fits its width, and its lane names are at least 12 px, on a laptop and on a phone", async () => {
  for (const viewport of [LAPTOP, PHONE]) {
    await playground.page.setViewportSize(viewport);
    // On a phone this run's names are too long for a column: each goes above its lane.
    await playground.open("?s=pokemon&mode=to-thread&speed=0.25");
    await playground.run();
    await playground.results();
    const timeline = playground.page.locator("[data-testid=timeline]").first();
    // The picture takes its width on screen as its units: wait for that to settle.
    await playground.page.waitForFunction(() => {
      const svg = document.querySelector("[data-testid=timeline] svg");
      return Math.abs(svg.viewBox.baseVal.width - svg.getBoundingClientRect().width) < 2;
    });
    const fit = await timeline.evaluate((figure) => figure.scrollWidth <= figure.clientWidth + 1);
    assert.ok(fit, `${viewport.width} px: the timeline scrolls sideways`);
    // Its tick labels do not overlap.
    const ticks = await timeline.locator(".tick").evaluateAll((labels) => labels.map((label) => label.getBoundingClientRect()).map((box) => [box.left, box.right]));
    for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i][0] >= ticks[i - 1][1], `${viewport.width} px: tick labels overlap: ${JSON.stringify(ticks)}`);
    // And the picture's edges cut none of them.
    const edges = await timeline.locator("svg").evaluate((svg) => { const box = svg.getBoundingClientRect(); return [box.left, box.right]; });
    for (const [left, right] of ticks) assert.ok(left >= edges[0] - 0.5 && right <= edges[1] + 0.5, `${viewport.width} px: a tick label is cut: ${JSON.stringify({ ticks, edges })}`);
    const sizes = await timeline.locator(".lane-label").evaluateAll((labels) => labels.map((label) => label.getBoundingClientRect().height));
    assert.ok(sizes.length >= 20, `${sizes.length} lanes`);
    for (const height of sizes) assert.ok(height >= 12, `${viewport.width} px: a lane name ${height} px high`);
  }
  await playground.page.setViewportSize(LAPTOP);
});

test("many lanes of one kind fold into a row that opens; the folded row shows their states", async () => {
  await playground.page.setViewportSize(LAPTOP);
  // Thirty clients queue behind a blocking server: ten have rows, twenty are folded.
  await playground.open("?s=icecream&mode=blocking&work=100&clients=30&dur=1&autorun=1");
  await playground.results();
  const timeline = playground.page.locator("[data-testid=timeline]");
  const group = timeline.locator("[data-lane-group]");
  assert.equal(await group.count(), 1);
  assert.equal(await group.getAttribute("data-count"), "20");
  assert.match(await group.locator(".lane-label").first().textContent(), /client 11–30 \(20\)/);
  assert.ok(await group.locator("[data-kind=ready]").count() > 0, "the folded clients' queueing is drawn");
  const lanes = timeline.locator("[data-lane]");
  assert.equal(await lanes.count(), 11);
  await group.locator("[data-testid=lane-group-toggle]").click();
  assert.equal(await lanes.count(), 31);
  assert.equal(await group.getAttribute("data-expanded"), "true");
  assert.ok(await timeline.locator('[data-lane="client 30"]').isVisible());
  // The keyboard folds it again.
  await group.locator("[data-testid=lane-group-toggle]").focus();
  await playground.page.keyboard.press("Enter");
  assert.equal(await lanes.count(), 11);
  // Opening a group does not move the cursor.
  assert.equal(await timeline.locator("[data-testid=timeline-cursor]").count(), 0);
  assert.deepEqual(playground.errors, []);
});

test("a live run is drawn as it goes: each waiting lane's colour reaches now, nothing past it; the finished run is SVG", async () => {
  await playground.page.setViewportSize(LAPTOP);
  await playground.open("?s=tasks&mode=gather&da=1500&db=1400&dc=1300&n=2");
  await playground.run();
  await playground.waitUntilRunning();
  await playground.page.waitForTimeout(500);
  // The canvas's pixels just before and just after "now" (the curtain's edge), on each lane's
  // bar, against the legend's colour for waiting.
  const probes = await playground.page.evaluate(() => {
    const figure = document.querySelector("[data-testid=timeline]");
    const canvas = figure.querySelector("canvas.live-canvas");
    const svg = figure.querySelector("svg");
    const nowX = Number(figure.querySelector(".curtain").getAttribute("x"));
    const ratio = canvas.width / svg.viewBox.baseVal.width;
    const context = canvas.getContext("2d");
    const pixel = (x, y) => [...context.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data];
    const waiting = getComputedStyle(document.querySelector(".swatch.waiting")).backgroundColor;
    return {
      waiting,
      lanes: ["A", "B", "C"].map((name) => {
        const label = figure.querySelector(`[data-lane="${name}"] .lane-label`);
        const barY = Number(label.getAttribute("y")) - 4;
        return { name, before: pixel(nowX - 6, barY), after: pixel(nowX + 6, barY) };
      }),
      svgSegments: figure.querySelectorAll("rect[data-kind]").length,
    };
  });
  const [r, g, b] = probes.waiting.match(/\d+/g).map(Number);
  for (const lane of probes.lanes) {
    const [pr, pg, pb, alpha] = lane.before;
    assert.ok(alpha > 200 && Math.abs(pr - r) + Math.abs(pg - g) + Math.abs(pb - b) < 30,
      `lane ${lane.name} just before now is ${lane.before}, not the waiting colour ${probes.waiting}`);
    assert.equal(lane.after[3], 0, `lane ${lane.name} is drawn past now: ${lane.after}`);
  }
  assert.equal(probes.svgSegments, 0, "a live run's segments are on the canvas");
  await playground.results();
  const timeline = playground.page.locator("[data-testid=timeline]");
  assert.equal(await timeline.locator("canvas").count(), 0);
  assert.ok(await timeline.locator('[data-lane="A"] rect[data-kind=waiting]').count() > 0);
  assert.deepEqual(playground.errors, []);
});

test("lane names are never cut and never overlap their lanes, on a laptop and on a phone", async () => {
  for (const viewport of [LAPTOP, PHONE]) {
    await playground.page.setViewportSize(viewport);
    // The longest names of the lessons: Pokemon's threads, "thread: blocking call of 141 ms".
    await playground.open("?s=pokemon&mode=to-thread&speed=0.25&autorun=1");
    await playground.results();
    const problems = await playground.page.locator("[data-testid=timeline] [data-lane]").evaluateAll((lanes) =>
      lanes.flatMap((lane) => {
        const label = lane.querySelector(".lane-label");
        const shown = label.firstChild.textContent;
        const box = label.getBoundingClientRect();
        const overlaps = [...lane.querySelectorAll("rect[data-kind]")].some((rect) => {
          const bar = rect.getBoundingClientRect();
          return box.right > bar.left + 0.5 && box.bottom > bar.top + 0.5 && box.left < bar.right && box.top < bar.bottom;
        });
        const svg = lane.ownerSVGElement.getBoundingClientRect();
        const found = [];
        if (shown !== lane.dataset.lane) found.push(`"${lane.dataset.lane}" shows as "${shown}"`);
        if (overlaps) found.push(`"${lane.dataset.lane}" overlaps its lane`);
        if (box.right > svg.right || box.height < 11) found.push(`"${lane.dataset.lane}" is cut or small: ${JSON.stringify(box)}`);
        return found;
      }),
    );
    assert.deepEqual(problems, [], `at ${viewport.width}x${viewport.height}`);
  }
});
