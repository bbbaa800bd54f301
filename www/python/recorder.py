"""Runs a person's asyncio program and records what its tasks do, as event lines.

The page (www/python/runtime.js) runs this module in CPython compiled to WebAssembly
(Pyodide), on the page's own event loop; the same code runs in a native CPython, which is how
it is tested (`python3 recorder.py PROGRAM.py` prints the event lines). The lines are the
format of crates/core/src/python_trace.rs, one event a line, fields separated by tabs:

    spawn   <task> <parent or -> <at_ms> <name>
    run     <task> <start_ms> <end_ms>      a step of the task on the main thread
    block   <task> <start_ms> <end_ms>      time.sleep holding the thread
    off     <task> <start_ms>               a thread's call starts running in a worker
    print   <task> <at_ms> <text>
    cancel  <task> <at_ms>
    timeout <task> <at_ms> <limit_ms>
    done    <task> <at_ms> <result>

Task 0 is the program's top level. Times are ms since the program started. A call of
`asyncio.to_thread` or `loop.run_in_executor` gets a lane of its own, numbered as tasks are,
named "thread: <function>", which ends with its `done` event.

How it watches, without changing what the program does:

- every task is a `RecordingTask`, CPython's own (C) Task with a number, a spawn event and a
  cancel event; a task's steps are the loop's callbacks whose `__self__` is the task, so
  `asyncio.events.Handle._run` is wrapped to time them;
- `asyncio.timeout` (which `wait_for` uses) is wrapped to record its expiry;
- while a program runs, `sys.stdout`/`sys.stderr` become print events, `time.sleep` is a
  real busy-wait that holds the thread (Pyodide's own would let other tasks run), `input()`
  explains itself, and `import js` and Pyodide's own modules are refused;
- in the page, `asyncio.to_thread` and `loop.run_in_executor` send the function, by pickle,
  to a Web Worker running CPython too (threads.js, thread-worker.js), as Pyodide has no
  threads: the worker has loaded the program's module before the clock started (as
  multiprocessing's "spawn" does, under the name `__mp_main__`), runs the call, and sends its
  result back the same way. `worker_install`, `worker_prepare` and `worker_call` are that
  worker's side.
"""

import ast
import asyncio
import asyncio.base_events
import asyncio.events
import asyncio.tasks
import asyncio.threads
import asyncio.timeouts
import builtins
import gc
import importlib
import inspect
import io
import json
import linecache
import heapq
import math
import pickle
import reprlib
import signal
import socket
import sys
import threading
import time
import traceback
import types
import warnings

IN_PYODIDE = sys.platform == "emscripten"
if IN_PYODIDE:
    import pyodide.ffi as _ffi
    import pyodide.webloop as _webloop

# The file name of the person's program in tracebacks.
PROGRAM_FILENAME = "<your program>"
# The longest the program may hold the main thread without a break.
HOLD_CAP_MS = 15_000
# What one program's print events may hold; past these, lines are counted, not kept.
MAX_PRINT_LINES = 10_000
MAX_PRINT_CHARS = 1_000_000
MAX_LINE_CHARS = 2_000
# What one program's timeline may hold; past this, events are counted, not kept.
MAX_EVENT_LINES = 200_000
# How many lines of a traceback the outcome's message keeps (the last ones).
MAX_TRACEBACK_LINES = 24
# The deepest recursion a program gets (CPython's default is 1000). In the browser, each call
# that goes through C (repr, str, format, ...) back into Python takes about a kilobyte of the
# engine's own stack, which overflows near 600 of them and takes the tab down with it.
RECURSION_LIMIT = 400
# Modules that reach the page or Pyodide's machinery: the person's program may not import them.
REFUSED_MODULES = frozenset({"js", "pyodide", "pyodide_js", "_pyodide", "_pyodide_core", "micropip"})
# Packages whose modules may import them (Pyodide's own do, lazily, while a program runs).
TRUSTED_IMPORTERS = ("pyodide", "_pyodide", "pyodide_js", "js")
# Tasks asyncio itself starts when asyncio.run ends: not the program's.
_LOOP_HOUSEKEEPING = ("shutdown_asyncgens", "shutdown_default_executor")

_perf_counter = time.perf_counter
_original_sleep = time.sleep
_original_setrecursionlimit = sys.setrecursionlimit
_original_signal = signal.signal
# SIGINT stops a runaway in the page; natively, SIGALRM checks for one.
_RESERVED_SIGNALS = (signal.SIGINT,) if IN_PYODIDE else (signal.SIGINT, signal.SIGALRM)
_original_import = builtins.__import__
_original_import_module = importlib.import_module
_original_handle_run = asyncio.events.Handle._run
_original_asyncio_run = asyncio.run
_original_timeout = asyncio.timeouts.timeout
_original_on_timeout = asyncio.timeouts.Timeout._on_timeout
_original_reschedule = asyncio.timeouts.Timeout.reschedule
_original_wait_for = asyncio.tasks.wait_for
_original_to_thread = asyncio.threads.to_thread
_original_run_in_executor = asyncio.base_events.BaseEventLoop.run_in_executor
_BaseTask = _webloop.PyodideTask if IN_PYODIDE else asyncio.tasks.Task
if IN_PYODIDE:
    _original_decrement_in_progress = _webloop.WebLoop._decrement_in_progress
    _original_web_loop_init = _webloop.WebLoop.__init__

_cap_probe = None
# In the page: thread_call(payload, on_start, on_print, on_done) runs a pickled call in a
# worker, and calls on_done(reply, None) or on_done(None, problem) (see threads.js); None
# natively, where threads are threads.
_thread_call = None
# The run in progress, and the last one (whose events may still be taken).
_active = None
_last = None


def run_program(source):
    """Runs `source` as the person's program; returns its outcome as a dict.

    The outcome has `status` ("done", "stopped" or "error"), `kind` (None, "syntax",
    "exception" or "cap"), `line` (the program's own line number, or None), `message` and
    `totalMs`. Events are taken with `take_events`, also while the program runs. In Pyodide
    this must be called with stack switching (JavaScript's `callPromising`), so that
    `asyncio.run` can wait for the page's event loop.
    """
    global _active, _last
    if _active is not None:
        return _outcome("error", "exception", None, "a program is already running", 0.0)
    try:
        flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        code = compile(source, PROGRAM_FILENAME, "exec", flags=flags, dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        _last = None  # Nothing ran: no events to take.
        return _syntax_outcome(error)
    linecache.cache[PROGRAM_FILENAME] = (len(source), None, source.splitlines(True), PROGRAM_FILENAME)
    run = _Run()
    _active = _last = run
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    patches = _Patches(run, module)
    patches.apply()
    error = None
    try:
        run.start()
        if code.co_flags & inspect.CO_COROUTINE:
            # Top-level await: the module's code is a coroutine, run as task 0.
            _run_as_program_task(run, eval(code, module.__dict__))
        else:
            run.resume_segment(0)
            if IN_PYODIDE:
                # As in CPython, no loop runs at the top level (Pyodide's is always "running").
                asyncio.events._set_running_loop(None)
            exec(code, module.__dict__)
            run.suspend_segment()
    except BaseException as raised:  # The program's outcome, whatever it raised.
        error = raised
        if isinstance(raised, KeyboardInterrupt) and run.interrupt_is_cap():
            run.stop_at_cap(raised)
        run.suspend_segment()
    try:
        run.cancel_leftovers()
        if run.n_raised_tasks:
            # A task whose exception nobody retrieved says so when it is freed, as CPython
            # does; in Pyodide such a task is often in a reference cycle, freed only by a
            # collection, which would come after the program's output has closed.
            gc.collect()
    except BaseException as raised:  # The wait for the leftovers, interrupted.
        if error is None:
            error = raised
    finally:
        outcome = run.finish(error)
        patches.restore()
        _active = None
    return outcome


def take_events():
    """The event lines recorded since the last call, each ending in a line break."""
    run = _active or _last
    return run.take_events() if run is not None else ""


def stop_program():
    """Cancels every task of the running program; its outcome will be "stopped"."""
    if _active is not None:
        _active.stop()


def install(cap_probe=None, thread_call=None):
    """Installs the parts of the instrumentation that stay: they do nothing between runs.

    `cap_probe()`, in Pyodide, says whether the page's hold watch sent the last SIGINT (see
    runtime.js); without it every KeyboardInterrupt there counts as the cap. `thread_call`, in
    Pyodide, runs to_thread's calls in workers (threads.js); without it they run inline.
    """
    global _cap_probe, _thread_call
    _cap_probe = cap_probe
    _thread_call = thread_call
    asyncio.events.Handle._run = _handle_run
    asyncio.tasks.Task = asyncio.Task = RecordingTask
    if hasattr(asyncio.tasks, "eager_task_factory"):
        eager = asyncio.tasks.create_eager_task_factory(RecordingTask)
        asyncio.tasks.eager_task_factory = asyncio.eager_task_factory = eager
    if IN_PYODIDE:
        # Pyodide's handler joins traceback lines that already end in a line break, so an
        # empty line follows each; CPython's logs them as CPython writes them.
        _webloop.WebLoop.default_exception_handler = asyncio.base_events.BaseEventLoop.default_exception_handler
        _webloop.PyodideTask = RecordingTask
        _webloop.WebLoop._decrement_in_progress = _decrement_in_progress
        if not hasattr(asyncio.tasks, "_set_task_name"):
            # WebLoop.create_task calls it after a task factory (set_task_factory); 3.13 removed it.
            asyncio.tasks._set_task_name = _set_task_name
    asyncio.timeouts.timeout = asyncio.timeout = _timeout
    asyncio.timeouts.Timeout._on_timeout = _on_timeout
    asyncio.timeouts.Timeout.reschedule = _reschedule
    if sys.version_info < (3, 12):
        # Before 3.12, wait_for had a timer of its own instead of asyncio.timeout.
        asyncio.tasks.wait_for = asyncio.wait_for = _wait_for_311


class RecordingTask(_BaseTask):
    """CPython's Task, numbered and recorded while a program runs."""

    def __init__(self, coro, *args, name=None, **kwargs):
        self._rec_run = None
        self._rec_id = None
        run = _active
        qualname = getattr(coro, "__qualname__", None) or type(coro).__name__
        recorded = run is not None and not run.finished and not qualname.endswith(_LOOP_HOUSEKEEPING)
        default_name = name is None
        if recorded and default_name:
            if run.next_task_is_program:
                name = "program"
            else:
                # Numbered per program, as in a fresh interpreter.
                run.n_default_names += 1
                name = f"Task-{run.n_default_names}"
        super().__init__(coro, *args, name=name, **kwargs)
        if recorded:
            run.spawn(self, name if default_name else None, qualname)
            if self.done():
                # An eager task (eager_task_factory) that finished in its first step, which ran
                # inside its creator's.
                run.tasks.pop(self._rec_id, None)
                run.event_done(self._rec_id, run.now_ms(), _task_result(self))

    def cancel(self, *args, **kwargs):
        run = self._rec_run
        # One event for the first request: a stop, a gather and a timeout may all ask.
        if (
            run is not None
            and not run.finished
            and not self.done()
            and self.cancelling() == 0
            and self not in run.quiet_cancels
        ):
            run.event_cancel(self._rec_id)
        return super().cancel(*args, **kwargs)


# Tasks print as CPython's do.
RecordingTask.__name__ = RecordingTask.__qualname__ = "Task"


class _Run:
    """One program's run: its clock, its tasks and the events recorded so far."""

    def __init__(self):
        self.t0 = _perf_counter()
        self.lines = []
        self.unannounced = []
        self.n_lines = 0
        self.n_dropped_events = 0
        self.n_print_lines = 0
        self.n_print_chars = 0
        self.n_dropped_prints = 0
        # Tasks other than the program's that ended by raising.
        self.n_raised_tasks = 0
        self.dropping_prints = False
        self.partial_line = []
        self.n_tasks = 0
        self.n_default_names = 0
        self.next_task_is_program = False
        self.tasks = {}
        # The task whose run segment is open (None: none is), and since when.
        self.owner = None
        self.segment_start_ms = 0.0
        self.saved_owners = []
        self.n_steps_running = 0
        # Whether code of the program holds the thread now, and since when (the native cap).
        self.holding = False
        self.hold_start = self.t0
        self.quiet_cancels = set()
        self.stop_requested = False
        # The cap: (line, message) once the program has held the thread too long.
        self.cap = None
        self.capped_natively = False
        # The outcome a task forced (SystemExit, KeyboardInterrupt) where it cannot propagate.
        self.forced_outcome = None
        self.program_done = False
        self.finished = False
        # to_thread calls sent to workers and not yet answered.
        self.threads_pending = 0

    def now_ms(self):
        return (_perf_counter() - self.t0) * 1000.0

    # Events.

    def emit(self, line):
        if self.unannounced:
            self.announce()
        self.append(line)

    def append(self, line):
        if self.n_lines >= MAX_EVENT_LINES:
            self.n_dropped_events += 1
            return
        self.n_lines += 1
        self.lines.append(line)

    def take_events(self):
        if self.unannounced:
            self.announce()
        if not self.lines:
            return ""
        text = "\n".join(self.lines) + "\n"
        self.lines = []
        return text

    def spawn(self, task, default_name, qualname):
        """Numbers a new task; its spawn event waits for the next event, as a task's name may
        still change (asyncio.create_task names it after making it, before 3.12)."""
        if self.next_task_is_program:
            self.next_task_is_program = False
            task_id = 0
        else:
            self.n_tasks += 1
            task_id = self.n_tasks
            parent = self.current_task_id()
            self.unannounced.append((task, task_id, self.now_ms(), parent, default_name, qualname))
        task._rec_run = self
        task._rec_id = task_id
        self.tasks[task_id] = task

    def announce(self):
        pending, self.unannounced = self.unannounced, []
        for task, task_id, at_ms, parent, default_name, qualname in pending:
            name = task.get_name()
            lane = f"{name}: {qualname}" if name == default_name else name
            self.append(f"spawn\t{task_id}\t{parent}\t{_ms(at_ms)}\t{_escape(lane)}")

    def event_cancel(self, task_id):
        self.emit(f"cancel\t{task_id}\t{_ms(self.now_ms())}")

    def event_timeout(self, task_id, limit_ms):
        self.emit(f"timeout\t{task_id}\t{_ms(self.now_ms())}\t{_ms(limit_ms)}")

    def event_done(self, task_id, at_ms, result):
        if task_id == 0:
            self.program_done = True
        elif result.startswith("raised "):
            self.n_raised_tasks += 1
        self.emit(f"done\t{task_id}\t{_ms(at_ms)}\t{_escape(result)}")

    def current_task_id(self):
        return self.owner if self.owner is not None else 0

    # Run segments: a task's step, or the program's top level running outside the loop.

    def start(self):
        self.append("spawn\t0\t-\t0\tprogram")

    def close_segment(self, now_ms):
        if self.owner is not None:
            self.emit(f"run\t{self.owner}\t{_ms(self.segment_start_ms)}\t{_ms(now_ms)}")

    def suspend_segment(self):
        """The top level waits for the loop (asyncio.run): its segment ends."""
        saved = self.owner
        self.close_segment(self.now_ms())
        self.owner = None
        self.holding = False
        return saved

    def resume_segment(self, saved):
        self.owner = saved
        self.segment_start_ms = self.now_ms()
        self.holding = saved is not None
        self.hold_start = _perf_counter()

    def step_begin(self, task_id):
        now_ms = self.now_ms()
        self.close_segment(now_ms)
        self.saved_owners.append(self.owner)
        self.owner = task_id
        self.segment_start_ms = now_ms
        self.n_steps_running += 1

    def step_end(self, task):
        now_ms = self.now_ms()
        self.close_segment(now_ms)
        self.n_steps_running -= 1
        self.owner = self.saved_owners.pop()
        self.segment_start_ms = now_ms
        if task.done():
            self.tasks.pop(task._rec_id, None)
            if self.cap is not None and isinstance(task._exception, (KeyboardInterrupt, _Refused)):
                result = "stopped at the cap"
            else:
                result = _task_result(task)
                if task._rec_id == 0 and result == "None":
                    result = "finished"
            self.event_done(task._rec_id, now_ms, result)

    def block(self, seconds):
        """time.sleep: holds the thread for `seconds`, recorded as a block."""
        task_id = self.current_task_id()
        start_ms = self.now_ms()
        self.close_segment(start_ms)
        try:
            _busy_wait(seconds)
        finally:
            # Also when the cap interrupts it: the block ends where it was interrupted.
            end_ms = self.now_ms()
            self.emit(f"block\t{task_id}\t{_ms(start_ms)}\t{_ms(end_ms)}")
            self.segment_start_ms = end_ms

    # Prints.

    def write(self, text):
        while text:
            newline = text.find("\n")
            if newline < 0:
                self.partial_line.append(text)
                return
            self.partial_line.append(text[:newline])
            text = text[newline + 1 :]
            line = "".join(self.partial_line)
            self.partial_line = []
            self.print_line(line)

    def print_line(self, line, task_id=None):
        if self.n_print_lines >= MAX_PRINT_LINES or self.n_print_chars >= MAX_PRINT_CHARS:
            self.dropping_prints = True
            self.n_dropped_prints += 1
            return
        if len(line) > MAX_LINE_CHARS:
            line = f"{line[:MAX_LINE_CHARS]}… ({len(line) - MAX_LINE_CHARS} more characters)"
        self.n_print_lines += 1
        self.n_print_chars += len(line)
        task_id = self.current_task_id() if task_id is None else task_id
        self.emit(f"print\t{task_id}\t{_ms(self.now_ms())}\t{_escape(line)}")

    # Threads: to_thread's calls, in workers.

    def thread_call(self, loop, func, args, kwargs):
        """Runs `func(*args, **kwargs)` in a worker; returns the loop's future of its result."""
        payload = _pickled_call(func, args, kwargs)
        self.n_tasks += 1
        lane = self.n_tasks
        name = f"thread: {_callable_name(func)}"
        self.emit(f"spawn\t{lane}\t{self.current_task_id()}\t{_ms(self.now_ms())}\t{_escape(name)}")
        future = loop.create_future()
        self.threads_pending += 1

        def settle(outcome):
            for callback in callbacks:
                callback.destroy()
            self.threads_pending -= 1
            if self.finished:
                return
            kind, value = outcome
            result = _short_value(value) if kind == "ok" else _raised(value)
            self.emit(f"done\t{lane}\t{_ms(self.now_ms())}\t{_escape(result)}")
            if future.done():  # The task awaiting it was cancelled: the thread ran on.
                return
            if kind == "ok":
                future.set_result(value)
            else:
                future.set_exception(value)

        def on_done(reply, problem):
            # Called by threads.js directly (a promise's callbacks would be tasks of their own).
            if problem is not None:
                settle(("error", RuntimeError(str(problem))))
                return
            try:
                outcome = pickle.loads(reply.to_bytes())
            except BaseException as error:
                outcome = ("error", RuntimeError(f"the worker's answer could not be read: {_raised(error)}"))
            settle(outcome)

        callbacks = [
            _ffi.create_proxy(lambda: self.finished or self.emit(f"off\t{lane}\t{_ms(self.now_ms())}")),
            _ffi.create_proxy(lambda text: self.finished or self.print_line(str(text), lane)),
            _ffi.create_proxy(on_done),
        ]
        _thread_call(_ffi.to_js(payload), *callbacks)
        return future

    # The end.

    def stop(self):
        if self.finished:
            return
        self.stop_requested = True
        self.cancel_all()

    def cancel_all(self):
        for task in list(self.tasks.values()):
            task.cancel()

    def interrupt_is_cap(self):
        """Whether a KeyboardInterrupt came from the cap (and not from the program's own raise)."""
        if IN_PYODIDE:
            return _cap_probe is None or bool(_cap_probe())
        return self.capped_natively

    def note_cap(self, line):
        """The program has held the thread too long, at `line`: its outcome is the cap."""
        if self.cap is None:
            where = f" at line {line}" if line is not None else ""
            self.cap = (
                line,
                f"Stopped: your program held the page for {HOLD_CAP_MS // 1000} s without a break{where}. "
                "Code that does not await (a loop, a long computation, time.sleep) holds the page; "
                "await asyncio.sleep(...) lets it breathe.",
            )

    def stop_at_cap(self, error):
        """The cap's KeyboardInterrupt reached the loop or the top level: every task is cancelled."""
        self.note_cap(_program_line(error) if error is not None else None)
        self.cancel_all()

    def cancel_leftovers(self):
        """Cancels the tasks still pending, and waits for them, as asyncio.run does at its end."""
        leftovers = [task for task in self.tasks.values() if not task.done()]
        if not leftovers:
            return
        if IN_PYODIDE:
            _cancel_and_wait(leftovers)
        else:
            # The program's own loop is gone (asyncio.run closed it): never-started tasks of a
            # closed loop cannot run; they are done as far as the timeline goes.
            for task in leftovers:
                loop = task.get_loop()
                if not loop.is_closed() and not loop.is_running():
                    loop.run_until_complete(asyncio.gather(*leftovers, return_exceptions=True))
                    break
            now_ms = self.now_ms()
            for task in leftovers:
                if task._rec_id in self.tasks:
                    self.tasks.pop(task._rec_id)
                    self.event_done(task._rec_id, now_ms, "cancelled")

    def finish(self, error):
        if self.partial_line:
            self.print_line("".join(self.partial_line))
            self.partial_line = []
        self.close_segment(self.now_ms())
        self.owner = None
        if self.unannounced:
            self.announce()
        total_ms = self.now_ms()
        if self.cap is not None:
            line, message = self.cap
            outcome = _outcome("error", "cap", line, message, total_ms)
            result = "stopped at the cap"
        elif self.stop_requested:
            outcome = _outcome("stopped", None, None, "Stopped: every task was cancelled.", total_ms)
            result = "cancelled"
        elif self.forced_outcome is not None:
            outcome, result = self.forced_outcome
            outcome["totalMs"] = round(total_ms, 3)
        elif isinstance(error, SystemExit):
            outcome, result = _exit_outcome(error), "exited"
            outcome["totalMs"] = round(total_ms, 3)
        elif error is not None:
            outcome = _exception_outcome(error)
            outcome["totalMs"] = round(total_ms, 3)
            result = _raised(error)
        else:
            outcome = _outcome("done", None, None, "", total_ms)
            result = "finished"
        if not self.program_done:
            self.event_done(0, total_ms, result)
        # The last words bypass the limits they report.
        at = _ms(total_ms)
        if self.n_dropped_prints:
            self.lines.append(f"print\t0\t{at}\t… {self.n_dropped_prints} more lines not shown")
        if self.n_dropped_events:
            self.lines.append(f"print\t0\t{at}\t… {self.n_dropped_events} more timeline events not shown")
        self.finished = True
        return outcome


class _Patches:
    """What is swapped only while the person's code runs, and put back after."""

    def __init__(self, run, module):
        self.run = run
        self.module = module
        self.saved = []

    def apply(self):
        out = _Output(self.run)
        self._set(sys, "stdout", out)
        self._set(sys, "stderr", out)
        self._set(sys, "stdin", _NoInput())
        # An exception that ends the program is its outcome; Pyodide would also print it
        # (it hands a failed run_sync to sys.excepthook).
        self._set(sys, "excepthook", _quiet_excepthook)
        self._set(builtins, "input", _input)
        # The network: sockets say there is none (urllib and http.client reach them).
        self._set(socket.socket, "connect", _no_network)
        self._set(socket.socket, "connect_ex", _no_network)
        self._set(socket, "create_connection", _no_network)
        self._set(socket, "getaddrinfo", _no_network)
        self._set(builtins, "__import__", _guarded_import)
        self._set(importlib, "import_module", _guarded_import_module)
        self._set(time, "sleep", _sleep)
        self._set(signal, "signal", _guarded_signal)
        if IN_PYODIDE:
            self.saved.append((signal, "SIGINT handler", signal.getsignal(signal.SIGINT), None))
            _original_signal(signal.SIGINT, _on_sigint)
        self._set(sys, "setrecursionlimit", _setrecursionlimit)
        self.saved.append((sys, "recursion limit", sys.getrecursionlimit(), None))
        sys.setrecursionlimit(RECURSION_LIMIT)
        self._set(asyncio, "run", _asyncio_run)
        self._set(asyncio.runners, "run", _asyncio_run)
        loops = [asyncio.base_events.BaseEventLoop] + ([_webloop.WebLoop] if IN_PYODIDE else [])
        for loop_class in loops:
            for name in ("run_until_complete", "run_forever"):
                self._set(loop_class, name, _wrap_loop_run(getattr(loop_class, name)))
        if IN_PYODIDE:
            self._set(_webloop.WebLoop, "__init__", _web_loop_init)
            self._set(_webloop.WebLoop, "call_later", _batched_call_later)
            # A SIGINT that lands in the web loop itself, outside any handle of ours.
            self._set(_web_loop(), "_keyboard_interrupt_handler", self.web_loop_interrupted)
        self._set(sys.modules, "__main__", self.module, item=True)
        # What workers send back names the program's module as they know it (multiprocessing's
        # "spawn" name).
        self._set(sys.modules, "__mp_main__", self.module, item=True)
        if IN_PYODIDE and _thread_call is not None:
            self._set(asyncio, "to_thread", _to_thread)
            self._set(asyncio.threads, "to_thread", _to_thread)
            for loop_class in (asyncio.base_events.BaseEventLoop, _webloop.WebLoop):
                self._set(loop_class, "run_in_executor", _run_in_executor)

    def web_loop_interrupted(self):
        if self.run.interrupt_is_cap():
            self.run.stop_at_cap(None)
        else:
            self.run.stop()

    def _set(self, owner, name, value, item=False):
        if item:
            self.saved.append((owner, name, owner.get(name), True))
            owner[name] = value
        else:
            self.saved.append((owner, name, getattr(owner, name), False))
            setattr(owner, name, value)

    def restore(self):
        for owner, name, value, item in reversed(self.saved):
            if item is None and name == "SIGINT handler":
                _original_signal(signal.SIGINT, value)
            elif item is None:
                _original_setrecursionlimit(value)
            elif item:
                owner[name] = value
            else:
                setattr(owner, name, value)
        self.saved = []


class _Output(io.TextIOBase):
    """sys.stdout and sys.stderr while a program runs: each line a print event."""

    def __init__(self, run):
        super().__init__()
        self._run = run

    def write(self, text):
        if text.__class__ is not str and not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        run = self._run
        if run.dropping_prints:
            # Past the limits: only counted, as cheaply as can be (a million prints).
            run.n_dropped_prints += text.count("\n")
        else:
            run.write(text)
        return len(text)

    def writable(self):
        return True

    def isatty(self):
        return False

    @property
    def encoding(self):
        return "utf-8"


class _NoInput(io.TextIOBase):
    """sys.stdin while a program runs: there is no keyboard to read."""

    def readable(self):
        return True

    def read(self, size=-1):
        raise RuntimeError(_NO_INPUT)

    def readline(self, size=-1):
        raise RuntimeError(_NO_INPUT)


_NO_NETWORK = (
    "the playground has no network: your program runs in the page, offline. Only the offline "
    "Pokemon API answers, through the playground's aiohttp and requests "
    "(https://pokeapi.co/api/v2/pokemon/{id})."
)


def _no_network(*args, **kwargs):
    raise OSError(_NO_NETWORK)


_NO_INPUT = (
    "input() is not available here: the playground has no keyboard for your program. "
    "Put the value in the code instead."
)


def _quiet_excepthook(exc_type, exc_value, exc_traceback):
    pass


def _input(prompt=""):
    raise RuntimeError(_NO_INPUT)


def _refusal(name):
    return ModuleNotFoundError(
        f"import {name} is not available here: the playground runs your program as plain CPython, "
        "without Pyodide's bridge to the page",
        name=name,
    )


def _guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0 and name.partition(".")[0] in REFUSED_MODULES:
        if not _trusted(globals if globals is not None else sys._getframe(1).f_globals):
            raise _refusal(name)
    return _original_import(name, globals, locals, fromlist, level)


def _guarded_import_module(name, package=None):
    if name.partition(".")[0] in REFUSED_MODULES and not _trusted(sys._getframe(1).f_globals):
        raise _refusal(name)
    return _original_import_module(name, package)


def _trusted(importer_globals):
    """Whether the importing module is this one or one of Pyodide's."""
    if importer_globals is _OWN_GLOBALS:
        return True
    package = (importer_globals.get("__name__") or "").partition(".")[0]
    return package in TRUSTED_IMPORTERS


_OWN_GLOBALS = globals()


def _on_sigint(signum, frame):
    """SIGINT in the page: the cap (see runtime.js), noted with the line it stopped, whether
    or not the program lets the KeyboardInterrupt through."""
    run = _active
    if run is not None and not run.finished and run.interrupt_is_cap():
        run.note_cap(_frame_program_line(frame))
    raise KeyboardInterrupt


def _guarded_signal(signalnum, handler):
    """signal.signal while a program runs: the signal that stops a runaway stays the playground's.

    (asyncio.Runner takes the refusal as "no signals here" and goes on without its handler.)"""
    if signalnum in _RESERVED_SIGNALS:
        raise ValueError(f"the playground keeps {signal.Signals(signalnum).name} to stop a program that holds the page")
    return _original_signal(signalnum, handler)


def _setrecursionlimit(limit):
    """sys.setrecursionlimit while a program runs: at most RECURSION_LIMIT (see there)."""
    _original_setrecursionlimit(min(limit, RECURSION_LIMIT) if isinstance(limit, int) else limit)


def _sleep_seconds(seconds):
    """time.sleep's argument checked as CPython checks it, as a float."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        try:
            seconds = float(seconds)
        except (TypeError, ValueError):
            raise TypeError(f"'{type(seconds).__name__}' object cannot be interpreted as an integer") from None
    if math.isnan(seconds):
        raise ValueError("Invalid value NaN (not a number)")
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    return seconds


def _busy_wait(seconds):
    """Holds this thread for `seconds`: nothing else on it runs meanwhile."""
    end = _perf_counter() + seconds
    while _perf_counter() < end:
        pass


def _sleep(seconds):
    """time.sleep while a program runs: a busy-wait that really holds the thread."""
    seconds = _sleep_seconds(seconds)
    run = _active
    if run is None or not _on_main_thread():
        # Natively, to_thread runs in a thread of its own, which holds nothing: a real sleep.
        return _original_sleep(seconds)
    if seconds * 1000 > HOLD_CAP_MS:
        line = _caller_program_line()
        where = f" at line {line}" if line is not None else ""
        run.cap = (
            line,
            f"Refused: time.sleep({seconds:g}){where} would hold the page for longer than "
            f"{HOLD_CAP_MS // 1000} s, the most the playground allows. await asyncio.sleep({seconds:g}) waits "
            "without holding it.",
        )
        run.cancel_all()
        raise _Refused()
    run.block(seconds)


class _Refused(BaseException):
    """Unwinds the program after a refusal (a BaseException, so `except Exception` lets it by)."""


def _on_main_thread():
    return threading.current_thread() is threading.main_thread()


async def _to_thread(func, /, *args, **kwargs):
    """asyncio.to_thread while a program runs in the page: the call runs in a worker."""
    loop = asyncio.events.get_running_loop()
    run = _active
    if run is None or run.finished:
        return await _original_to_thread(func, *args, **kwargs)
    return await run.thread_call(loop, func, args, kwargs)


# Tasks that wrap it are named as CPython names them ("Task-2: to_thread").
_to_thread.__name__ = _to_thread.__qualname__ = "to_thread"


def warm_threads():
    """Runs, once, what a thread's call runs on the page's side, so that the program's first
    call does not pay for the engine compiling it (a frame gap of 100-200 ms was seen)."""
    data = pickle.dumps((len, ((1, "a", None),), {}), protocol=pickle.HIGHEST_PROTOCOL)
    func, args, kwargs = pickle.loads(_ffi.to_js(data).to_bytes())
    pickle.loads(pickle.dumps(("ok", func(*args, **kwargs))))
    _ffi.create_proxy(warm_threads).destroy()


def _run_in_executor(self, executor, func, *args):
    """loop.run_in_executor while a program runs in the page: the call runs in a worker,
    whatever the executor (the page's threads are its workers)."""
    run = _active
    if run is None or run.finished:
        return _original_run_in_executor(self, executor, func, *args)
    self._check_closed()
    return run.thread_call(self, func, args, {})


def _callable_name(func):
    inner = getattr(func, "func", None)  # functools.partial
    named = inner if inner is not None and not hasattr(func, "__qualname__") else func
    return getattr(named, "__qualname__", None) or getattr(named, "__name__", None) or type(named).__name__


def _pickled_call(func, args, kwargs):
    """The call, pickled for a worker; a TypeError that says why when it cannot be."""
    try:
        return pickle.dumps((func, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        raise TypeError(
            f"to_thread runs {_callable_name(func)} in a Web Worker (this page's threads), where it is sent "
            f"with pickle, and it cannot be sent: {error}. Define the function at the top level of your "
            "program (not inside another function, not a lambda), and pass it values that pickle: "
            "numbers, strings, lists, dicts, instances of your own top-level classes."
        ) from None


def _short_value(value):
    """A value as the timeline shows a result: its short repr, at most 80 characters."""
    try:
        text = _short.repr(value)
    except Exception:  # A __repr__ that raises.
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 80 else text[:79] + "…"


# A thread worker's side (thread-worker.js): the program's module, loaded once per program.

_worker_program = None


def worker_install(on_print):
    """In a thread worker, once: prints go to `on_print(line)`, time.sleep holds the worker,
    and the page's modules are refused, as in the page."""
    global _active
    _active = None
    writer = _WorkerOutput(on_print)
    sys.stdout = sys.stderr = writer
    sys.stdin = _NoInput()
    builtins.input = _input
    socket.socket.connect = socket.socket.connect_ex = _no_network
    socket.create_connection = socket.getaddrinfo = _no_network
    builtins.__import__ = _guarded_import
    importlib.import_module = _guarded_import_module
    time.sleep = _worker_sleep
    sys.setrecursionlimit(RECURSION_LIMIT)


def worker_prepare(source):
    """Loads the person's program as the module its functions are sent from, without running
    it: asyncio.run does nothing meanwhile, and its output is dropped. Returns "" when the
    module loaded, or else what went wrong."""
    global _worker_program
    module = types.ModuleType("__mp_main__")
    module.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = sys.modules["__mp_main__"] = module
    _worker_program = None
    saved_run, saved_stdout = asyncio.run, sys.stdout
    asyncio.run = asyncio.runners.run = _closing_run
    sys.stdout = sys.stderr = io.StringIO()
    try:
        code = compile(source, PROGRAM_FILENAME, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
        linecache.cache[PROGRAM_FILENAME] = (len(source), None, source.splitlines(True), PROGRAM_FILENAME)
        result = eval(code, module.__dict__) if code.co_flags & inspect.CO_COROUTINE else exec(code, module.__dict__)
        if asyncio.iscoroutine(result):
            # Top-level await: its definitions up to the first await are made, no further.
            try:
                result.send(None)
            except BaseException:  # The program's own top level: not the worker's concern.
                pass
            finally:
                result.close()
        _worker_program = module
        return ""
    except BaseException as error:  # Whatever the top level raised: the calls will say it.
        return _raised(error)
    finally:
        asyncio.run = asyncio.runners.run = saved_run
        sys.stdout = sys.stderr = saved_stdout


def _closing_run(main, **kwargs):
    if asyncio.iscoroutine(main):
        main.close()


def worker_call(payload):
    """Runs a pickled call; returns its pickled outcome, ("ok", value) or ("error", exception)."""
    if hasattr(payload, "to_bytes"):  # A Uint8Array from JavaScript.
        payload = payload.to_bytes()
    try:
        func, args, kwargs = pickle.loads(payload)
        outcome = ("ok", func(*args, **kwargs))
    except BaseException as error:
        try:
            report = traceback.TracebackException.from_exception(error)
            _keep_program_frames(report, set())
            where = "".join(report.stack.format()).rstrip()
            if where:
                error.add_note(f"In the worker thread:\n{where}")
        except Exception:  # A broken exception still goes back.
            pass
        outcome = ("error", error)
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        kind, value = outcome
        what = "its result" if kind == "ok" else f"its exception ({_raised(value)})"
        problem = RuntimeError(f"the thread's call finished, but {what} cannot be sent back with pickle: {error}")
        data = pickle.dumps(("error", problem))
    return _ffi.to_js(data) if IN_PYODIDE else data


def _worker_sleep(seconds):
    """time.sleep in a thread worker: holds the worker (not the page), as a thread's would."""
    _busy_wait(_sleep_seconds(seconds))


class _WorkerOutput(io.TextIOBase):
    """sys.stdout and sys.stderr in a thread worker: each line goes to the page."""

    def __init__(self, on_print):
        super().__init__()
        self._on_print = on_print
        self._partial = []

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        *lines, rest = text.split("\n")
        for line in lines:
            self._partial.append(line)
            self._on_print("".join(self._partial))
            self._partial = []
        if rest:
            self._partial.append(rest)
        return len(text)

    def writable(self):
        return True


def _asyncio_run(main, *, debug=None, loop_factory=None):
    """asyncio.run while a program runs: as CPython's, also on Pyodide's web loop."""
    run = _active
    if run is not None and run.n_steps_running:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    if not IN_PYODIDE or loop_factory is not None:
        options = {"debug": debug} if loop_factory is None else {"debug": debug, "loop_factory": loop_factory}
        return _original_asyncio_run(main, **options)
    if not asyncio.iscoroutine(main):
        raise ValueError(f"a coroutine was expected, got {main!r}")
    loop = _web_loop()
    before = set(run.tasks) if run is not None else set()
    task = loop.create_task(main)
    try:
        return loop.run_until_complete(task)
    finally:
        # As asyncio.run, cancel what main left running, and wait for it.
        if run is not None:
            _cancel_and_wait([t for n, t in run.tasks.items() if n not in before and not t.done()])


def _batched_call_later(self, delay, callback, *args, context=None):
    """WebLoop.call_later while a program runs: the handle joins the loop's batches
    (`_Batches`), instead of a JavaScript callback of its own."""
    if delay < 0:
        raise ValueError("Can't schedule in the past")
    handle = asyncio.Handle(callback, args, self, context=context)
    if delay != math.inf:
        batches = self.__dict__.get("_rec_batches")
        if batches is None:
            batches = self._rec_batches = _Batches(self)
        batches.add(self.time() + delay, handle)
    return handle


class _Batches:
    """A web loop's callbacks, run as CPython's loop runs them: every callback that is due
    runs in one iteration, one JavaScript callback (one entry into Python) for all of them.
    Pyodide's own loop gives each callback a browser callback of its own, which cost about
    0.3 ms each: a thousand sleeps that end together took 250-370 ms to wake instead of 4."""

    # Callbacks due within this many seconds of now run now (CPython's clock resolution).
    RESOLUTION_S = 1e-4

    def __init__(self, loop):
        self.loop = loop
        self.heap = []
        self.n_added = 0
        # The deadline a browser callback is armed for (None: none is).
        self.armed_when = None

    def add(self, when, handle):
        self.n_added += 1
        heapq.heappush(self.heap, (when, self.n_added, handle))
        self.arm()

    def arm(self):
        if not self.heap:
            return
        when = self.heap[0][0]
        if self.armed_when is not None and self.armed_when <= when:
            return
        self.armed_when = when
        delay_ms = max(0.0, (when - self.loop.time()) * 1000.0)
        _webloop.scheduleCallback(
            _ffi.create_once_callable(lambda: self.fire(when), _may_syncify=True),
            min(delay_ms, _webloop._MAX_TIMEOUT_MS),
        )

    def fire(self, armed_for):
        if self.armed_when == armed_for:
            self.armed_when = None
        loop = self.loop
        loop._install_running_loop()
        loop._install_asyncgen_hooks()
        end = loop.time() + self.RESOLUTION_S
        due = []
        while self.heap and self.heap[0][0] <= end:
            due.append(heapq.heappop(self.heap))
        done = 0
        try:
            while done < len(due):
                handle = due[done][2]
                done += 1
                if not handle.cancelled():
                    self.run(handle)
        finally:
            # What an interrupt left unrun runs in the next batch.
            for item in due[done:]:
                heapq.heappush(self.heap, item)
            self.arm()

    def run(self, handle):
        loop = self.loop
        try:
            handle._run()
        except SystemExit as error:
            if loop._system_exit_handler:
                loop._system_exit_handler(error.code)
            else:
                raise
        except KeyboardInterrupt:
            if loop._keyboard_interrupt_handler:
                loop._keyboard_interrupt_handler()
            else:
                raise


def _web_loop_init(self):
    """WebLoop() while a program runs: a new loop (asyncio.Runner, new_event_loop) registers
    itself as running; at the top level, as in CPython, none runs."""
    _original_web_loop_init(self)
    if _active is not None and not _active.n_steps_running:
        asyncio.events._set_running_loop(None)


def _cancel_and_wait(tasks):
    """Cancels `tasks` and runs the web loop until they are done (Pyodide)."""
    by_loop = {}
    for task in tasks:
        task.cancel()
        by_loop.setdefault(task.get_loop(), []).append(task)
    for loop, group in by_loop.items():
        loop.run_until_complete(asyncio.gather(*group, return_exceptions=True))


def _wrap_loop_run(original):
    """run_until_complete and run_forever: the top level waits for the loop meanwhile."""

    def run_loop(self, *args, **kwargs):
        run = _active
        if run is None:
            return original(self, *args, **kwargs)
        if IN_PYODIDE and run.n_steps_running:
            raise RuntimeError("This event loop is already running")
        saved = run.suspend_segment()
        try:
            return original(self, *args, **kwargs)
        finally:
            run.resume_segment(saved)

    run_loop.__name__ = original.__name__
    return run_loop


def _run_as_program_task(run, coro):
    """Runs the top-level coroutine of a program that awaits at its top level, as task 0."""
    run.next_task_is_program = True
    if IN_PYODIDE:
        loop = _web_loop()
        loop.run_until_complete(loop.create_task(coro))
    else:
        with asyncio.Runner() as runner:
            runner.run(coro)


def _handle_run(self):
    """asyncio's Handle._run: a task's step is timed, and an interrupt stops the program."""
    run = _active
    if run is None or run.finished:
        return _original_handle_run(self)
    task = getattr(self._callback, "__self__", None)
    stepping = isinstance(task, RecordingTask) and task._rec_run is run
    was_holding = run.holding
    if not was_holding:
        run.holding = True
        run.hold_start = _perf_counter()
    if stepping:
        run.step_begin(task._rec_id)
    try:
        _original_handle_run(self)
    except _Refused:
        pass
    except (KeyboardInterrupt, SystemExit) as error:
        # CPython lets both end the loop and the program: natively they propagate; on
        # Pyodide's web loop they cannot, so the program is stopped here.
        if isinstance(error, KeyboardInterrupt) and run.interrupt_is_cap():
            run.stop_at_cap(error)
        elif run.forced_outcome is None:
            if isinstance(error, SystemExit):
                run.forced_outcome = (_exit_outcome(error), "exited")
            else:
                run.forced_outcome = (_exception_outcome(error), _raised(error))
        run.cancel_all()
        if not IN_PYODIDE:
            raise
    finally:
        if stepping:
            run.step_end(task)
        run.holding = was_holding


def _set_task_name(task, name):
    if name is not None:
        task.set_name(name)


def _decrement_in_progress(self, fut=None):
    """Pyodide's web loop reports a task's exception when only it was waiting for the task;
    a program's task is left to CPython, which reports a lost exception when the task is
    collected (and an exception that ends the program is its outcome, not a print)."""
    if getattr(fut, "_rec_run", None) is not None:
        fut = None
    return _original_decrement_in_progress(self, fut)


def _timeout(delay):
    """asyncio.timeout: remembers the limit as written, for the timeout event."""
    manager = _original_timeout(delay)
    manager._rec_limit = (manager.when(), None if delay is None else delay * 1000.0)
    return manager


def _reschedule(self, when):
    limit = getattr(self, "_rec_limit", None)
    if when is not None and (limit is None or limit[0] != when):
        loop = asyncio.events.get_running_loop()
        self._rec_limit = (when, max(0.0, (when - loop.time()) * 1000.0))
    return _original_reschedule(self, when)


def _on_timeout(self):
    run = _active
    task = self._task
    if run is None or getattr(task, "_rec_run", None) is not run:
        return _original_on_timeout(self)
    limit = getattr(self, "_rec_limit", (None, None))[1]
    run.event_timeout(task._rec_id, limit if limit is not None else 0.0)
    # The timeout cancels the waiting task to wake it; that is the timeout, not a cancel.
    run.quiet_cancels.add(task)
    try:
        return _original_on_timeout(self)
    finally:
        run.quiet_cancels.discard(task)


async def _wait_for_311(fut, timeout):
    """wait_for before 3.12 (its own timer): records the moment the timer fired."""
    run = _active
    task = asyncio.tasks.current_task()
    if run is None or timeout is None or getattr(task, "_rec_run", None) is not run:
        return await _original_wait_for(fut, timeout)
    loop = asyncio.events.get_running_loop()
    fired = []
    timer = loop.call_later(max(timeout, 0), lambda: fired.append(run.now_ms()))
    try:
        return await _original_wait_for(fut, timeout)
    except TimeoutError:
        if fired:
            run.emit(f"timeout\t{task._rec_id}\t{_ms(fired[0])}\t{_ms(timeout * 1000.0)}")
        raise
    finally:
        timer.cancel()


def _web_loop():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return asyncio.get_event_loop_policy().get_event_loop()


# Outcomes and their messages.


def _outcome(status, kind, line, message, total_ms):
    return {"status": status, "kind": kind, "line": line, "message": message, "totalMs": round(total_ms, 3)}


def _syntax_outcome(error):
    if isinstance(error, SyntaxError):
        line, column = error.lineno, error.offset
        where = f" (line {line}, column {column})" if column else (f" (line {line})" if line else "")
        message = f"{type(error).__name__}: {error.msg}{where}"
        if error.text:
            text = error.text.rstrip("\n")
            stripped = text.lstrip()
            message += f"\n    {stripped}"
            if column:
                caret_at = max(0, column - 1 - (len(text) - len(stripped)))
                one_line = error.end_lineno in (None, line)
                width = max(1, (error.end_offset or column + 1) - column) if one_line else 1
                message += f"\n    {' ' * caret_at}{'^' * width}"
        return _outcome("error", "syntax", line, message, 0.0)
    return _outcome("error", "syntax", None, f"SyntaxError: {error}", 0.0)


def _exit_outcome(error):
    code = error.code if isinstance(error, SystemExit) else None
    if code is None or code == 0:
        return _outcome("done", None, None, "", 0.0)
    return _outcome("error", "exception", _program_line(error), f"SystemExit: {code}", 0.0)


def _exception_outcome(error):
    line, message = _describe_exception(error)
    return _outcome("error", "exception", line, message, 0.0)


def _describe_exception(error):
    """The program's line the exception came from, and its traceback (the program's frames)."""
    line = _program_line(error)
    try:
        report = traceback.TracebackException.from_exception(error, capture_locals=False)
        _keep_program_frames(report, set())
        text = "".join(report.format())
    except Exception:  # A broken exception (a __str__ that raises) still gets a message.
        text = _raised(error)
    lines = text.rstrip("\n").split("\n")
    if len(lines) > MAX_TRACEBACK_LINES:
        lines = ["…"] + lines[-MAX_TRACEBACK_LINES:]
    message = "\n".join(lines)
    if isinstance(error, RecursionError):
        message += (
            f"\n(The playground allows {RECURSION_LIMIT} nested calls; "
            "more would overflow the browser's own stack.)"
        )
    missing = isinstance(error, ModuleNotFoundError) and error.name
    if missing and error.name.partition(".")[0] not in REFUSED_MODULES:
        message += "\n(The playground has Python's standard library only: no packages can be installed.)"
    return line, message


def _keep_program_frames(report, seen):
    if id(report) in seen:
        return
    seen.add(id(report))
    frames = [frame for frame in report.stack if frame.filename == PROGRAM_FILENAME]
    report.stack = traceback.StackSummary.from_list(frames)
    for linked in (report.__cause__, report.__context__):
        if linked is not None:
            _keep_program_frames(linked, seen)
    for member in getattr(report, "exceptions", None) or ():
        _keep_program_frames(member, seen)


def _program_line(error):
    """The program's line that `error` came from: its innermost frame in the program, or for
    an exception group (TaskGroup), that of its first member."""
    members = getattr(error, "exceptions", None)
    if members:
        line = _program_line(members[0])
        if line is not None:
            return line
    line = None
    tb = error.__traceback__ if error is not None else None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == PROGRAM_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _caller_program_line():
    return _frame_program_line(sys._getframe(1))


def _frame_program_line(frame):
    """The line of the innermost frame of the program, from `frame` outwards."""
    while frame is not None:
        if frame.f_code.co_filename == PROGRAM_FILENAME:
            return frame.f_lineno
        frame = frame.f_back
    return None


_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = _short.maxtuple = _short.maxset = _short.maxdict = 6
_short.maxlevel = 3


def _task_result(task):
    if task.cancelled():
        return "cancelled"
    error = task._exception
    if error is not None:
        return _raised(error)
    return _short_value(task._result)


def _raised(error):
    if isinstance(error, _Refused):
        return "stopped at the cap"
    try:
        detail = str(error)
    except Exception:  # A __str__ that raises.
        detail = ""
    text = f"raised {type(error).__name__}: {detail}" if detail else f"raised {type(error).__name__}"
    return text if len(text) <= 120 else text[:119] + "…"


def _ms(value):
    """A time in ms with at most 3 decimals, never in exponent notation."""
    return "%.3f" % value if value > 0 else "0"


def _escape(text):
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\t" in text:
        text = text.replace("\t", "\\t")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return text


# The command line: native runs for tests.


def _native_cap(signum, frame):
    """SIGALRM in native runs: a program holding the thread past the cap is interrupted."""
    run = _active
    if run is None or run.capped_natively or run.finished or not run.holding:
        return
    if (_perf_counter() - run.hold_start) * 1000 > HOLD_CAP_MS:
        run.capped_natively = True
        run.note_cap(_frame_program_line(frame))
        raise KeyboardInterrupt


USAGE = """usage: python3 recorder.py [--hold-cap-ms MS] PROGRAM.py   (PROGRAM.py may be - for standard input)

Runs PROGRAM.py as the playground does, in this CPython: writes its event lines to standard
output and its outcome, one JSON line, to standard error; exits with 0 when the program is
done, 1 otherwise. --hold-cap-ms changes the longest hold of the thread (default 15000)."""


def main(argv):
    global HOLD_CAP_MS
    args = argv[1:]
    if len(args) == 3 and args[0] == "--hold-cap-ms" and args[1].isdigit():
        HOLD_CAP_MS = int(args[1])
        args = args[2:]
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 2
    if args[0] == "-":
        source = sys.stdin.read()
    else:
        with open(args[0], encoding="utf-8") as file:
            source = file.read()
    signal.signal(signal.SIGALRM, _native_cap)
    signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
    install()
    out = sys.stdout
    outcome = run_program(source)
    signal.setitimer(signal.ITIMER_REAL, 0, 0)
    out.write(take_events())
    out.flush()
    print(json.dumps(outcome), file=sys.stderr)
    return 0 if outcome["status"] == "done" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
