// The browser's floor for a chess exhibition: the same games in plain JS on a blank page, as
// the lesson writes them (a task per board, a busy loop for her move, setTimeout for the
// opponent's), with a ring drawn on a canvas at every frame as a freeze meter's spinner would
// be. Where her thinking fills the main thread, what the browser adds to that thread (its
// frames, its turns) is a cost no page can avoid; the matrix holds such runs (see
// `heldToFloor`) to 2% of this where it is above their prediction.

// A blank page with the ring, not yet turning.
export async function openFloorPage(browser) {
  const page = await browser.newPage();
  await page.setContent('<canvas id="ring" width="96" height="96" style="width:3rem;height:3rem"></canvas>');
  return page;
}

// Starts (or stops) turning the ring at every animation frame.
export async function turnRing(page, turning) {
  await page.evaluate(async (turning) => {
    window.ringTurning = turning;
    if (!turning || window.ringStarted) return;
    window.ringStarted = true;
    const context = document.getElementById("ring").getContext("2d");
    context.lineWidth = 13;
    const turn = (frameMs) => {
      if (!window.ringTurning) {
        window.ringStarted = false;
        return;
      }
      const start = ((frameMs * 0.36) % 360) * (Math.PI / 180);
      context.clearRect(0, 0, 96, 96);
      for (const [colour, from, to] of [["#d9d9e3", 0, 2 * Math.PI], ["#6b4eff", start, start + Math.PI]]) {
        context.strokeStyle = colour;
        context.beginPath();
        context.arc(48, 48, 41.5, from, to);
        context.stroke();
      }
      requestAnimationFrame(turn);
    };
    requestAnimationFrame(turn);
    await new Promise((done) => setTimeout(done, 200));
  }, turning);
}

// How far short of a move's end the clock may read and count as there, in ms: the playground's
// `playground_core::runtime::CLOCK_SLACK_MS`.
export const CLOCK_SLACK_MS = 0.001;

// The exhibition's totals in ms, `times` runs: `nBoards` games of `nMovePairs` moves, her move
// `gmMoveMs` of busy-waiting, the opponent's `opponentMoveMs` awaited; `sync` plays one game
// to its end before the next. An opponent who takes no time still hands the turn back through
// the event loop (a message to itself, which the browser does not delay as it does a nested
// setTimeout), as `asyncio.sleep(0)` and the playground do.
export async function exhibitionMs(page, { nBoards, gmMoveMs, opponentMoveMs, nMovePairs, sync }, times = 3) {
  return page.evaluate(
    async ({ nBoards, gmMoveMs, opponentMoveMs, nMovePairs, sync, times, CLOCK_SLACK_MS }) => {
      const game = async () => {
        for (let pair = 0; pair < nMovePairs; pair++) {
          // The page's clock moves in ticks of 0.1 ms, and a reading plus a move's length is
          // often a few billionths past the tick it means: the wait allows for that, as the
          // playground's does (CLOCK_SLACK_MS), or a short move would run a whole tick more.
          const end = performance.now() + gmMoveMs - CLOCK_SLACK_MS;
          while (performance.now() < end) { /* She thinks: the thread is held. */ }
          await new Promise((done) => {
            if (opponentMoveMs > 0) return setTimeout(done, opponentMoveMs);
            const channel = new MessageChannel();
            channel.port1.onmessage = done;
            channel.port2.postMessage(null);
          });
        }
      };
      const totals = [];
      for (let i = 0; i < times; i++) {
        const start = performance.now();
        if (sync) {
          for (let board = 0; board < nBoards; board++) await game();
        } else {
          await Promise.all(Array.from({ length: nBoards }, game));
        }
        totals.push(performance.now() - start);
      }
      return totals;
    },
    { nBoards, gmMoveMs, opponentMoveMs, nMovePairs, sync, times, CLOCK_SLACK_MS },
  );
}

// Whether her thinking fills the thread in this exhibition, so that a run of it is held to its
// floor where that floor is above the run's prediction: asynchronously, when her round of moves
// outlasts an opponent's reply, even one the browser holds to its 4 ms minimum (a short timer
// armed from another's callback, as plain JS arms its replies; the page's are not held); one
// game at a time, when the opponents take no time. Nowhere else: where the replies' timers make
// the time, plain JS's timers are not the page's (they fire late: a worker's setTimeout(100)
// by 1.3 ms at the median; the page's are armed early and on time), and its floor would make
// room the page does not need. So a run whose round of moves falls just short of a reply is
// held to its prediction, even where the browser's own turn for each reply fills the rest: 49
// boards of 0.1 ms moves and 6 ms replies, predicted 340 ms, took 354-374 ms in plain JS with
// the ring turning, once warm.
export function heldToFloor({ nBoards, gmMoveMs, opponentMoveMs, sync }) {
  if (!(gmMoveMs > 0)) return false;
  if (sync) return opponentMoveMs === 0;
  const replyMs = opponentMoveMs > 0 ? Math.max(opponentMoveMs, NESTED_TIMER_MIN_MS) : 0;
  return nBoards * gmMoveMs >= gmMoveMs + replyMs;
}

// The least a browser holds a timer armed inside a chain of timer callbacks to, in ms (HTML's
// timer nesting level).
const NESTED_TIMER_MIN_MS = 4;
