// The browser's floor for a chess exhibition: the same games in plain JS on a blank page, as
// the lesson writes them (a task per board, a busy loop for her move, setTimeout for the
// opponent's), with a ring drawn on a canvas at every frame as a freeze meter's spinner would
// be. Where her thinking fills the main thread, what the browser adds to that thread (its
// frames, its timers) is a cost no page can avoid; the matrix holds such runs to 2% of this.

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

// The exhibition's totals in ms, `times` runs: `nBoards` games of `nMovePairs` moves, her move
// `gmMoveMs` of busy-waiting, the opponent's `opponentMoveMs` awaited; `sync` plays one game
// to its end before the next. An opponent who takes no time still hands the turn back through
// the event loop (a message to itself, which the browser does not delay as it does a nested
// setTimeout), as `asyncio.sleep(0)` and the playground do.
export async function exhibitionMs(page, { nBoards, gmMoveMs, opponentMoveMs, nMovePairs, sync }, times = 3) {
  return page.evaluate(
    async ({ nBoards, gmMoveMs, opponentMoveMs, nMovePairs, sync, times }) => {
      const game = async () => {
        for (let pair = 0; pair < nMovePairs; pair++) {
          const end = performance.now() + gmMoveMs;
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
    { nBoards, gmMoveMs, opponentMoveMs, nMovePairs, sync, times },
  );
}

// Whether her thinking fills the thread in this exhibition: asynchronously, when her round of
// moves outlasts an opponent's reply; one game at a time, when the opponents take no time.
export function thinkingFillsThread({ nBoards, gmMoveMs, opponentMoveMs, sync }) {
  return gmMoveMs > 0 && (sync ? opponentMoveMs === 0 : nBoards * gmMoveMs >= gmMoveMs + opponentMoveMs);
}
