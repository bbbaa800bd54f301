//! Starter programs for "your own program": each runs as written in CPython 3.11 and later,
//! and each shows one idea of the lessons.

/// A starter program in the editor's menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeExample {
    /// Its key in the menu.
    pub key: &'static str,
    /// What the menu says.
    pub title: &'static str,
    /// The Python source.
    pub source: &'static str,
}

/// The starter programs, the first one opened by default.
pub fn examples() -> &'static [CodeExample] {
    EXAMPLES
}

/// The starter program called `key`.
pub fn example(key: &str) -> Option<&'static CodeExample> {
    EXAMPLES.iter().find(|example| example.key == key)
}

static EXAMPLES: &[CodeExample] = &[
    CodeExample {
        key: "gather",
        title: "Tasks A, B and C, gathered",
        source: r#"import asyncio
import time


async def worker(name, delay_s, rounds):
    for round_number in range(1, rounds + 1):
        print(f"{name}: round {round_number}")
        await asyncio.sleep(delay_s)  # the thread is free meanwhile
    return f"{name} done"


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(
        worker("A", 1.5, 3),
        worker("B", 1.2, 3),
        worker("C", 1.0, 3),
    )
    print(results)
    # Together they take the longest task's time, not the sum (11.1 s).
    print(f"took {time.perf_counter() - start:.2f} s")


asyncio.run(main())
"#,
    },
    CodeExample {
        key: "blocking",
        title: "A blocking sleep freezes everything",
        source: r#"import asyncio
import time


async def worker(name, delay_s, rounds):
    for round_number in range(1, rounds + 1):
        print(f"{name}: round {round_number}")
        time.sleep(delay_s)  # holds the thread: no other task, and not this page, can run


async def main():
    start = time.perf_counter()
    await asyncio.gather(worker("A", 0.5, 2), worker("B", 0.4, 2), worker("C", 0.3, 2))
    # No overlap: the sum of every sleep. Try the spinner while it runs.
    print(f"took {time.perf_counter() - start:.2f} s")


asyncio.run(main())
"#,
    },
    CodeExample {
        key: "background",
        title: "create_task: work in the background",
        source: r#"import asyncio


async def download(seconds):
    print("download: started")
    await asyncio.sleep(seconds)
    print("download: finished")
    return 42


async def main():
    task = asyncio.create_task(download(2.0))  # starts at the next await
    for step in range(1, 4):
        print(f"main: doing step {step} meanwhile")
        await asyncio.sleep(0.5)
    size = await task
    print(f"main: the download gave {size}")


asyncio.run(main())
"#,
    },
    CodeExample {
        key: "queue",
        title: "Producer and consumers with a Queue",
        source: r#"import asyncio


async def producer(queue, n_orders):
    for order in range(1, n_orders + 1):
        await asyncio.sleep(0.2)
        await queue.put(order)
        print(f"producer: order {order} placed")
    await queue.join()  # wait until every order is served


async def consumer(name, queue):
    while True:
        order = await queue.get()
        await asyncio.sleep(0.5)  # serving takes a while
        print(f"{name}: served order {order}")
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    consumers = [asyncio.create_task(consumer(f"server {n}", queue), name=f"server {n}") for n in (1, 2)]
    await producer(queue, 6)
    for task in consumers:
        task.cancel()


asyncio.run(main())
"#,
    },
    CodeExample {
        key: "timeout",
        title: "wait_for: a time limit that cancels",
        source: r#"import asyncio


async def slow_operation():
    try:
        await asyncio.sleep(5)
        return "finished"
    except asyncio.CancelledError:
        print("slow_operation: cancelled")
        raise


async def main():
    try:
        result = await asyncio.wait_for(slow_operation(), timeout=1.5)
        print(result)
    except TimeoutError:
        print("main: gave up after 1.5 s")


asyncio.run(main())
"#,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_found() {
        for (index, starter) in examples().iter().enumerate() {
            assert_eq!(example(starter.key), Some(starter));
            assert!(examples()[..index].iter().all(|other| other.key != starter.key));
            assert!(starter.source.contains("asyncio.run(main())"), "{}", starter.key);
        }
    }
}
