import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Synchronization

/// Reads a ``ByteSource`` on a thread of its own, a few chunks ahead of the thread that checks
/// them: the kernel's copy of each chunk into memory (2.3% of the `perf` samples of the 1M-row
/// file, about 7 ms) then costs the checking thread nothing, which is the pipeline's critical
/// path on a large file.
///
/// A ring of ``slots`` buffers of `chunkSize` bytes: the reader fills a free one and hands it
/// over; ``next()`` returns the next filled one and, on the following call, gives it back. The
/// chunks, their order and the error (at the place it happened) are exactly those of reading
/// the source in a loop: the error, or the end of the input, ends the reading thread's work.
final class ReadAhead {
    /// Buffers in the ring: one being checked, one being read, the rest ready (2 MB ahead).
    static let slots = 8
    /// The reading thread's nice value while it reads (Linux): it should fill the ring from
    /// idle time, not take the checking thread's core.
    static let niceness: Int32 = 10

    /// The inputs for which a reading thread pays: regular files of at least this many bytes
    /// (a small file is read in a few calls, and the 2,000-row check is about start-up time).
    static let minimumFileSize = 4 << 20

    /// The buffers and the signals between the two threads. The reading thread holds it, not
    /// this handle: when the handle goes away before the end, its deinit stops the reader.
    let ring: Ring
    /// The consumer's next slot, and whether it holds a slot to give back.
    private var taken = 0
    private var holding = false
    /// Whether ``next()`` has seen the end of the input or an error (the reader has stopped).
    private var finished = false

    /// Starts reading `source` on a thread of its own.
    init(source: ByteSource, chunkSize: Int) {
        ring = Ring(chunkSize: chunkSize)
        let reader = UncheckedSendable((ring, source))
        DispatchQueue.global(qos: .userInitiated).async {
            var (ring, source) = reader.value
            ring.readAll(&source)
        }
    }

    deinit {
        if !finished {
            // The reader may be waiting for a free slot: let it see the flag and stop.
            ring.cancelled.store(true, ordering: .releasing)
            for _ in 0..<Self.slots { ring.free.signal() }
        }
        ring.stopped.wait()
    }

    /// The next chunk, valid until the next call; nil at the end of the input.
    /// - Throws: the error of the read that failed, after every chunk before it.
    func next() throws(InputError) -> UnsafeRawBufferPointer? {
        if finished { return nil }
        if holding {
            ring.free.signal()
            holding = false
        }
        ring.filled.wait()
        let index = taken
        taken = (taken + 1) % Self.slots
        switch ring.results[index] {
        case .success(let count) where count > 0:
            holding = true
            return UnsafeRawBufferPointer(start: ring.storage + index * ring.chunkSize, count: count)
        case .success:
            finished = true
            return nil
        case .failure(let error):
            finished = true
            throw error
        }
    }

    /// The ring's memory and signals, shared by the handle and the reading thread, freed when
    /// both are done with it.
    final class Ring: @unchecked Sendable {
        let chunkSize: Int
        let storage: UnsafeMutableRawPointer
        /// What each slot holds once filled: the byte count (0 at the end), or the read's error.
        let results: UnsafeMutablePointer<Result<Int, InputError>>
        /// Counts filled slots not yet taken by ``ReadAhead/next()``.
        let filled = DispatchSemaphore(value: 0)
        /// Counts slots the reader may fill. Made at 0 and signalled once per slot: libdispatch
        /// refuses to free a semaphore whose count is below the one it was made with.
        let free = DispatchSemaphore(value: 0)
        /// Signalled once when the reading thread has stopped.
        let stopped = DispatchSemaphore(value: 0)
        /// Set (before `free` is signalled) when the consumer goes away before the end.
        let cancelled = Atomic<Bool>(false)

        init(chunkSize: Int) {
            self.chunkSize = chunkSize
            storage = .allocate(byteCount: chunkSize * ReadAhead.slots, alignment: 16)
            results = .allocate(capacity: ReadAhead.slots)
            results.initialize(repeating: .success(0), count: ReadAhead.slots)
            for _ in 0..<ReadAhead.slots { free.signal() }
        }

        deinit {
            results.deinitialize(count: ReadAhead.slots)
            results.deallocate()
            storage.deallocate()
        }

        /// The reading thread's loop: fills the slots in turn until the end, an error or
        /// cancellation.
        func readAll(_ source: inout ByteSource) {
            defer { stopped.signal() }
            #if canImport(Glibc)
                // Linux sets the nice value of the calling thread alone (who = 0). At the
                // default value the woken reader took the checking thread's core: perf showed
                // that thread preempted in `sem_post` about once a chunk (188 times, 15-18 ms
                // off the CPU on the 1M-row file); niced, it runs where a core is idle (8 ms,
                // 3 runs).
                let which = __priority_which_t(PRIO_PROCESS.rawValue)
                let before = getpriority(which, 0)
                setpriority(which, 0, ReadAhead.niceness)
                defer { setpriority(which, 0, before) }
            #endif
            var index = 0
            while true {
                free.wait()
                if cancelled.load(ordering: .acquiring) { return }
                let buffer = UnsafeMutableRawBufferPointer(start: storage + index * chunkSize, count: chunkSize)
                let result: Result<Int, InputError>
                do throws(InputError) { result = .success(try source.read(into: buffer)) } catch { result = .failure(error) }
                results[index] = result
                filled.signal()
                if case .success(let count) = result, count > 0 {
                    index = (index + 1) % ReadAhead.slots
                } else {
                    return
                }
            }
        }
    }
}
