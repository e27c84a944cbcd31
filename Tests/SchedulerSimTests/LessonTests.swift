import Foundation
import Testing
@testable import SchedulerSim

/// The 24 lessons of `scenarios/`: each one's headline result, the whole run against CPython 3.13's
/// run of its twin (`Tests/conformance/twins/NAME.expected.json`), and a golden text picture
/// (`Golden/lessons/NAME.txt`, 80 columns, unicode).
///
/// Regenerate the pictures: `ASYNCVIZ_UPDATE_GOLDEN=1 swift test --filter LessonTests`.
@Suite struct LessonTests {
    static let s: Micros = 1_000_000
    static let ms: Micros = 1_000

    // MARK: - every lesson

    @Test(arguments: Lessons.names)
    func sameRunAsCPython(_ name: String) throws {
        let expected = try #require(Lessons.cpythonSummary(name), "no CPython golden for \(name)")
        expectSameText(Sim.summary(Lessons.trace(name)), expected, "\(name) vs CPython")
    }

    @Test(arguments: Lessons.names)
    func goldenText(_ name: String) throws {
        let actual = TextExport.render(Lessons.trace(name), options: .init(width: 80, ascii: false))
        let url = Lessons.goldenDir.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["ASYNCVIZ_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Lessons.goldenDir, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(try? String(contentsOf: url, encoding: .utf8),
                                    "missing golden \(url.path); run ASYNCVIZ_UPDATE_GOLDEN=1 swift test --filter LessonTests")
        expectSameText(actual, expected, "golden text of \(name)")
    }

    @Test func allLessonsAreListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Lessons.scenariosDir.path)
            .filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
        #expect(files == Lessons.names)
    }

    // MARK: - headlines

    @Test func sequentialTakesSixSeconds() {
        let t = Lessons.trace("sequential")
        #expect(t.end == 6 * Self.s)
        #expect(t.stop == .finished)
        #expect(t.tasks.count == 1)
        #expect(Sim.prints(t).last == "6.0 ['Data from /a', 'Data from /b', 'Data from /c']")
    }

    @Test func gatherTakesThreeSeconds() {
        let t = Lessons.trace("gather")
        #expect(t.end == 3 * Self.s)
        #expect(t.tasks.map(\.name) == ["main", "fetch#1", "fetch#2", "fetch#3"])
        #expect(t.tasks.dropFirst().map(\.finished) == [1 * Self.s, 2 * Self.s, 3 * Self.s])
        #expect(t.tasks[0].result == "['Data from /a', 'Data from /b', 'Data from /c']")
    }

    @Test func createTaskCancelsPendingLogsAtTheEnd() {
        let t = Lessons.trace("create_task")
        #expect(t.end == 600 * Self.ms)
        #expect(Sim.task(t, "log GET /a")?.outcome == .result)
        #expect(Sim.task(t, "log GET /b")?.outcome == .cancelled)
        #expect(Sim.task(t, "log GET /c")?.outcome == .cancelled)
        #expect(t.warnings.contains { $0.text.contains("pending") })
    }

    @Test func waitFirstCompletedTakesTheFastest() {
        let t = Lessons.trace("wait_first_completed")
        #expect(t.end == 800 * Self.ms)
        #expect(Sim.prints(t) == ["0.8 first: answer from us at 0.8s", "0.8 cancelled 2 slower queries"])
        #expect(Sim.task(t, "eu")?.outcome == .cancelled)
        #expect(Sim.task(t, "asia")?.outcome == .cancelled)
    }

    @Test func asCompletedInFinishingOrder() {
        let t = Lessons.trace("as_completed")
        #expect(t.end == 3 * Self.s)
        #expect(Sim.prints(t) == ["1.0 got fast (1 s) at 1.0s", "2.0 got medium (2 s) at 2.0s", "3.0 got slow (3 s) at 3.0s"])
    }

    @Test func waitForExpiresThenSucceeds() {
        let t = Lessons.trace("wait_for_timeout")
        #expect(t.end == 7 * Self.s)
        #expect(Sim.prints(t).contains("2.0 gave up after 2.0s"))
        #expect(Sim.prints(t).last == "7.0 with more time: finished at 7.0s")
    }

    @Test func timeoutBlockExpiresAtTwoSeconds() {
        let t = Lessons.trace("timeout_block")
        #expect(t.end == 3 * Self.s)
        #expect(Sim.prints(t) == ["0.5 connect done at 0.5s", "1.5 query done at 1.5s", "2.0 timed out at 2.0s", "3.0 retry done at 3.0s"])
    }

    @Test func semaphoreDownloadsTakeFourSeconds() {
        let t = Lessons.trace("semaphore_downloads")
        #expect(t.end == 4 * Self.s)
        #expect(Sim.prints(t).last == "4.0 10 files in 4.0s")
        // waves of 3, 3, 3, 1
        let finishes = t.tasks.dropFirst().compactMap(\.finished).map { $0 / Self.s }
        #expect(finishes == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4])
    }

    @Test func semaphoreRequestsTakeTwoSeconds() {
        let t = Lessons.trace("semaphore_requests")
        #expect(t.end == 2 * Self.s)
        #expect(!t.output.contains { $0.text.contains("(6 active)") })
        #expect(Sim.prints(t).last == "2.0 [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]")
    }

    @Test func producerConsumerEndsWithTheSentinel() {
        let t = Lessons.trace("producer_consumer")
        #expect(t.end == 2_800 * Self.ms)
        #expect(Sim.prints(t).last == "2.8 consumer done")
        #expect(t.output.filter { $0.text.hasPrefix("consumed") }.count == 5)
    }

    @Test func boundedQueueJoinsAtThreeSeconds() {
        let t = Lessons.trace("bounded_queue")
        #expect(t.end == 3 * Self.s)
        #expect(Sim.prints(t).contains("3.0 all jobs done at 3.0s"))
        #expect(Sim.task(t, "w1")?.outcome == .cancelled)
        #expect(Sim.task(t, "w2")?.outcome == .cancelled)
    }

    @Test func lockCounterKeepsAllUpdates() {
        let t = Lessons.trace("lock_counter")
        #expect(t.end == 150 * Self.ms)
        #expect(Sim.prints(t) == ["0.15 counter = 15 (expected 15)"])
    }

    @Test func raceConditionLosesUpdates() {
        let t = Lessons.trace("race_condition")
        #expect(t.end == 50 * Self.ms)
        #expect(Sim.prints(t) == ["0.05 counter = 5 (expected 15)"])
    }

    @Test func eventWakesBothWaitersInOrder() {
        let t = Lessons.trace("event")
        #expect(t.end == 1 * Self.s)
        #expect(t.tasks.first?.hidden == true)
        #expect(Sim.prints(t).suffix(3) == ["1.0 setting the event", "1.0 alice woke at 1.0s", "1.0 bob woke at 1.0s"])
    }

    @Test func gatherExceptionsBothWays() {
        let t = Lessons.trace("gather_exceptions")
        #expect(t.end == 4_500 * Self.ms)
        #expect(Sim.prints(t) == ["2.0 [1, ValueError('bad input'), 2]", "2.5 gather raised: boom at 2.5s", "4.5 main done at 4.5s"])
        // the other children of the failing gather keep running to the end (4 s)
        #expect(Sim.task(t, "ok#4")?.finished == 4 * Self.s)
        #expect(Sim.task(t, "ok#4")?.outcome == .result)
    }

    @Test func cancelHeartbeatCleansUp() {
        let t = Lessons.trace("cancel_heartbeat")
        #expect(t.end == 2_400 * Self.ms)
        #expect(Sim.task(t, "heartbeat")?.outcome == .cancelled)
        #expect(Sim.prints(t).suffix(3) == ["2.2 heartbeat cancelled at 2.2s, cleaning up", "2.4 heartbeat closed at 2.4s",
                                            "2.4 main: heartbeat stopped at 2.4s"])
    }

    @Test func blockingCallDelaysTheTicker() {
        let t = Lessons.trace("blocking_call")
        #expect(t.end == 4_700 * Self.ms)
        #expect(Sim.prints(t).contains("3.2 tick at 3.2s"))
        #expect(!Sim.prints(t).contains { $0.contains("tick at 1.5s") })
        #expect(t.warnings.contains { $0.text.contains("blocked the loop for 2.0 s") })
        // the ticker's timer fell due at 1.5 s: it is ready from then until crunch lets go at 3.2 s
        #expect(Sim.visibleSpans(t, "ticker#1").contains("ready 1.5-3.2"))
    }

    @Test func retryBackoffSucceedsOnTheThirdAttempt() {
        let t = Lessons.trace("retry_backoff")
        #expect(t.end == 2_100 * Self.ms)
        #expect(Sim.prints(t) == ["0.2 attempt 1 failed; retrying in 0.5s", "0.9 attempt 2 failed; retrying in 1.0s",
                                  "2.1 ok after 3 attempts at 2.1s"])
    }

    @Test func taskgroupRaisesExceptionGroup() {
        let t = Lessons.trace("taskgroup")
        #expect(t.end == 1 * Self.s)
        #expect(Sim.prints(t).last == "1.0 caught: unhandled errors in a TaskGroup (1 sub-exception)")
        #expect(Sim.task(t, "slow")?.outcome == .cancelled)
        #expect(Sim.task(t, "flaky")?.error == "ValueError: flaky failed")
        #expect(Sim.task(t, "fast")?.result == "'fast'")
    }

    @Test func asyncContextManagerExitsOnFailure() {
        let t = Lessons.trace("async_context_manager")
        #expect(t.end == 1_300 * Self.ms)
        #expect(Sim.prints(t).contains("0.75 c: connection opened at 0.75s"))
        #expect(Sim.prints(t).last == "1.3 [None, ValueError('b: query failed'), None]")
    }

    @Test func asyncGeneratorStreamsFourValues() {
        let t = Lessons.trace("async_generator")
        #expect(t.end == 2_200 * Self.ms)
        #expect(Sim.prints(t) == ["0.5 got 0 at 0.5s", "1.0 got 1 at 1.0s", "1.5 got 2 at 1.5s", "2.0 got 3 at 2.0s",
                                  "2.2 stream finished"])
    }

    @Test func toThreadKeepsTheLoopFree() {
        let t = Lessons.trace("to_thread")
        #expect(t.end == 3 * Self.s)
        #expect(Sim.prints(t).contains("2.5 upload: done at 2.5s"))
        #expect(t.workers.map(\.id) == [1, 2])
        let busy = t.workers.map { $0.busy.map { "\(Sim.ts($0.start))-\(Sim.ts($0.end))" } }
        #expect(busy == [["0.0-2.0"], ["0.0-1.5", "1.5-2.5"]])
        // ticks keep their rhythm
        #expect(t.output.filter { $0.text.hasPrefix("tick") }.map { Sim.ts($0.time) } == ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"])
    }

    @Test func hundredRequestsFiftySecondsThenHalfASecond() {
        let t = Lessons.trace("hundred_requests")
        #expect(t.end == 50_500 * Self.ms)
        #expect(Sim.prints(t) == ["50.0 sequential: 50.0s", "50.5 concurrent: 0.5s for 100 results"])
        #expect(t.tasks.count == 101)
    }

    @Test func deadlockShowsTheCycle() throws {
        let t = Lessons.trace("deadlock")
        #expect(t.stop == .deadlock)
        #expect(t.end == 1 * Self.s)
        #expect(t.tasks.allSatisfy { $0.outcome == .pending })
        let detail = try #require(t.stopDetail)
        for word in ["alice", "bob", "lock fork", "lock knife", "Cycle: alice → bob → alice"] { #expect(detail.contains(word), "stopDetail: \(detail)") }
    }
}
