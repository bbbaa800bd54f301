// The person's program's threads: a small pool of Web Workers, each running CPython
// (thread-worker.js), which run asyncio.to_thread's and loop.run_in_executor's calls off the
// page's thread. runtime.js prepares the pool before a program that uses them starts its
// clock, as Python's thread pool has its threads at hand; recorder.py sends each call, pickled.
//
// - prepareThreads(source) starts the workers (once) and loads the program's module in each;
//   it resolves when all can take calls.
// - threadCall(payload, onStart, onPrint, onDone) runs a call in the first free worker:
//   onStart() when a worker takes it, onPrint(line) for each line it prints, and
//   onDone(outcome, undefined) with the pickled outcome, or onDone(undefined, problem)
//   (undefined, which Python reads as None; null would be jsnull).
// - endThreads() ends the calls still running (a worker cannot be interrupted: it is replaced).

// As many workers as the machine has cores, from 2 to 4: each is a whole CPython. A program
// that sets `max_workers=N` (a ThreadPoolExecutor for the loop) gets N, up to MAX_POOL_SIZE.
export const POOL_SIZE = Math.min(4, Math.max(2, globalThis.navigator?.hardwareConcurrency ?? 2));
export const MAX_POOL_SIZE = 8;

// The number of threads `source` gets.
export function threadCount(source) {
  const asked = /\bmax_workers\s*=\s*(\d+)/.exec(source);
  return asked ? Math.min(MAX_POOL_SIZE, Math.max(1, Number(asked[1]))) : POOL_SIZE;
}
const WORKER_URL = new URL("thread-worker.js", import.meta.url);

const workers = [];
const queue = [];
let preparedSource = null;
// How many of `workers` take calls in this program (the rest wait, loaded, for another).
let inUse = 0;
let nextCallId = 1;

class PythonWorker {
  constructor() {
    this.worker = new Worker(WORKER_URL, { type: "module" });
    this.call = null;
    this.onPrepared = null;
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = ({ data }) => {
        if (data.type === "ready") resolve();
        else if (data.type === "failed") reject(new Error(`a Python thread could not start: ${data.message}`));
        else this.receive(data);
      };
      this.worker.onerror = (event) => reject(new Error(`a Python thread could not start: ${event.message ?? "error"}`));
    });
    this.ready.catch(() => {});
  }

  receive(data) {
    if (data.type === "prepared") {
      this.onPrepared?.(data.problem);
    } else if (data.type === "print" && this.call?.id === data.id) {
      this.call.onPrint(data.text);
    } else if (data.type === "result" && this.call?.id === data.id) {
      const { resolve, reject } = this.call;
      this.call = null;
      if (data.error) reject(new Error(data.error));
      else resolve(data.payload);
      pump();
    }
  }

  prepare(source) {
    return new Promise((resolve) => {
      this.onPrepared = (problem) => {
        this.onPrepared = null;
        resolve(problem);
      };
      this.worker.postMessage({ type: "prepare", source });
    });
  }

  start(call) {
    this.call = call;
    call.onStart();
    this.worker.postMessage({ type: "call", id: call.id, payload: call.payload });
  }
}

export async function prepareThreads(source) {
  inUse = threadCount(source);
  while (workers.length < inUse) workers.push(new PythonWorker());
  await Promise.all(workers.map((worker) => worker.ready));
  if (preparedSource !== source) {
    await Promise.all(workers.map((worker) => worker.prepare(source)));
    preparedSource = source;
  }
}

export function threadCall(payload, onStart, onPrint, onDone) {
  if (workers.length === 0) {
    onDone(undefined, "no Python thread is running: the program was not prepared for to_thread");
    return;
  }
  const resolve = (outcome) => onDone(outcome, undefined);
  const reject = (error) => onDone(undefined, error.message);
  queue.push({ id: nextCallId++, payload, onStart, onPrint, resolve, reject });
  pump();
}

function pump() {
  while (queue.length > 0) {
    const free = workers.slice(0, inUse).find((worker) => worker.call === null);
    if (!free) return;
    free.start(queue.shift());
  }
}

export function endThreads() {
  for (const call of queue.splice(0)) call.reject(new Error("the program ended"));
  for (const [index, worker] of workers.entries()) {
    if (worker.call === null) continue;
    const { reject } = worker.call;
    worker.worker.terminate();
    reject(new Error("the program ended while this thread ran"));
    // Its replacement loads Python again, and the program's module at the next prepare.
    workers[index] = new PythonWorker();
    preparedSource = null;
  }
}
