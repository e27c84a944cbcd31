import Testing
@testable import SchedulerSim

/// Golden pictures of the text export: a change to layout, glyphs, the dominant-state rule or
/// the ruler shows up here as a diff.
@Suite struct TextExportGoldenTests {
    @Test func gatherText() {
        let expected = #"""
        asyncio.gather: the total is the longest wait, not the sum           end 3.000 s
        Three fetches of 1, 2 and 3 s run at the same time: main waits 3 s, not 6 s.
                     0s        1s        2s        3s
        main         ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓  3.000 s  ['Data from /a', ...]
          fetch#1    ░░░░░░░░░░                      1.000 s  'Data from /a'
          fetch#2    ░░░░░░░░░░░░░░░░░░░░            2.000 s  'Data from /b'
          fetch#3    ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  3.000 s  'Data from /c'
        █ running  ▒ ready  ░ sleeping  ▓ blocked  ≡ offloaded
        4 tasks, 3 s (the waits add up to 6 s)
        """# + "\n"
        #expect(TextExport.render(Fixtures.gather) == expected)
    }

    @Test func gatherASCII60() {
        let expected = #"""
        asyncio.gather: the total is the longest wai...  end 3.000 s
        Three fetches of 1, 2 and 3 s run at the same time: main
          waits 3 s, not 6 s.
                     0s   1s   2s   3s
        main         ===============  3.000 s  ['Data from /a', ...]
          fetch#1    -----            1.000 s  'Data from /a'
          fetch#2    ----------       2.000 s  'Data from /b'
          fetch#3    ---------------  3.000 s  'Data from /c'
        # running  + ready  - sleeping  = blocked  ~ offloaded
        4 tasks, 3 s (the waits add up to 6 s)
        """# + "\n"
        #expect(TextExport.render(Fixtures.gather, options: .init(width: 60, ascii: true)) == expected)
    }

    @Test func gatherAt() {
        let expected = #"""
        asyncio.gather: the total is the longest wait, not the s…  t = 1.500 s / 3.000 s
        Three fetches of 1, 2 and 3 s run at the same time: main waits 3 s, not 6 s.
                     0s        1s   ▼    2s        3s
        main         ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓                         blocked (gather)
          fetch#1    ░░░░░░░░░░                      1.000 s  'Data from /a'
          fetch#2    ░░░░░░░░░░░░░░░░                         sleeping (sleep 2)
          fetch#3    ░░░░░░░░░░░░░░░░                         sleeping (sleep 3)
        █ running  ▒ ready  ░ sleeping  ▓ blocked  ≡ offloaded
        t = 1.500 s of 3.000 s: 4 of 4 tasks started
        """# + "\n"
        #expect(TextExport.render(Fixtures.gather, options: .init(at: 1_500_000)) == expected)
    }

    @Test func gatherAtASCII() {
        let expected = #"""
        asyncio.gather: the total is the longest wait, not the...  t = 1.000 s / 3.000 s
        Three fetches of 1, 2 and 3 s run at the same time: main waits 3 s, not 6 s.
                     0s        |         2s        3s
        main         ===========                              blocked (gather)
          fetch#1    ----------                      1.000 s  'Data from /a'
          fetch#2    -----------                              sleeping (sleep 2)
          fetch#3    -----------                              sleeping (sleep 3)
        # running  + ready  - sleeping  = blocked  ~ offloaded
        t = 1.000 s of 3.000 s: 4 of 4 tasks started
        """# + "\n"
        #expect(TextExport.render(Fixtures.gather, options: .init(ascii: true, at: 1_000_000)) == expected)
    }

    @Test func pitfallText() {
        let expected = #"""
        A blocking call delays everyone                                      end 2.000 s
                     0s        0.5s      1s        1.5s      2s
        heavy        ████████████████████                      1.000 s  None
        ticker       ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒█░░░░░░░░░░░░░░░░░░░  2.000 s  'tick'
        █ running  ▒ ready  ░ sleeping  ▓ blocked  ≡ offloaded
        2 tasks, 2 s
        warning at 0.000 s (heavy, line 2): the loop was blocked for 1.000 s by one step
            of heavy (cpu 1)
        """# + "\n"
        #expect(TextExport.render(Fixtures.pitfall) == expected)
    }

    @Test func pitfallAt() {
        let expected = #"""
        A blocking call delays everyone                            t = 1.005 s / 2.000 s
                     0s        0.5s      ▼         1.5s      2s
        heavy        ████████████████████                      1.000 s  None
        ticker       ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒█                              running (cpu 0.…
        █ running  ▒ ready  ░ sleeping  ▓ blocked  ≡ offloaded
        t = 1.005 s of 2.000 s: 2 of 2 tasks started
        warning at 0.000 s (heavy, line 2): the loop was blocked for 1.000 s by one step
            of heavy (cpu 1)
        """# + "\n"
        #expect(TextExport.render(Fixtures.pitfall, options: .init(at: 1_005_000)) == expected)
    }

    @Test func cancelText() {
        let expected = #"""
        Cancelling a heartbeat (café)                                        end 1.100 s
                             0s        0.5s      1s
        main                 ░░░░░░░░░░░░░░░░░░░░▓▓  1.100 s  'café \x1b[31mred'
          heartbeat          ░░░░░░░░░░░░░░░░░░░░██  1.100 s  cancelled
          bad\x07            ░░░░░░░░░░              0.500 s  ValueError: bad
          a_really_long_tas… ·                       0.000 s  42
        █ running  ▒ ready  ░ sleeping  ▓ blocked  ≡ offloaded  · instant
        4 tasks, 1.1 s (the waits add up to 2.5 s)
        warning at 1.100 s (bad\x07, line 8): Task exception was never retrieved:
            ValueError: bad
        """# + "\n"
        #expect(TextExport.render(Fixtures.cancelAndRaise) == expected)
    }

    @Test func cancelASCII60() {
        let expected = #"""
        Cancelling a heartbeat (caf\xe9)                 end 1.100 s
                        0s        1s
        main            ----------=  1.100 s  'caf\xe9 \x1b[31mred'
          heartbeat     ----------#  1.100 s  cancelled
          bad\x07       -----        0.500 s  ValueError: bad
          a_really_l... .            0.000 s  42
        # running  + ready  - sleeping  = blocked  ~ offloaded
        . instant
        4 tasks, 1.1 s (the waits add up to 2.5 s)
        warning at 1.100 s (bad\x07, line 8): Task exception was
            never retrieved: ValueError: bad
        """# + "\n"
        #expect(TextExport.render(Fixtures.cancelAndRaise, options: .init(width: 60, ascii: true)) == expected)
    }

    @Test func offloadText() {
        let expected = #"""
        to_thread keeps the loop free                                        end 2.000 s
                     0s        0.5s      1s        1.5s      2s
        main         ≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡  2.000 s  None
          poll       ░░░░░░░░░░≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡            1.500 s  None
        worker 1     ≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡           busy 2 s: main
        worker 2               ≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡≡                     busy 1 s: poll
        █ running  ▒ ready  ░ sleeping  ▓ blocked  ≡ offloaded
        2 tasks, 2 s (the waits add up to 3.5 s)
        """# + "\n"
        #expect(TextExport.render(Fixtures.offload) == expected)
    }

    @Test func deadlockText() {
        let expected = #"""
        Deadlock: two locks in opposite order                                 end 100 ms
                     0ms       50ms      100ms
        a            ░░░░░░░░░░░░░░░░░░░░          pending, blocked (lock y)
        b            ░░░░░░░░░░░░░░░░░░░░          pending, blocked (lock x)
        █ running  ▒ ready  ░ sleeping  ▓ blocked  ≡ offloaded
        2 tasks, 100 ms
        DEADLOCK at 100 ms: no task can ever run again
          a waits for lock y, held by b; b waits for lock x, held by a (a cycle)
        """# + "\n"
        #expect(TextExport.render(Fixtures.deadlock) == expected)
    }

    @Test func deadlockASCII60() {
        let expected = #"""
        Deadlock: two locks in opposite order             end 100 ms
                     0ms       50ms      100ms
        a            --------------------          pending, block...
        b            --------------------          pending, block...
        # running  + ready  - sleeping  = blocked  ~ offloaded
        2 tasks, 100 ms
        DEADLOCK at 100 ms: no task can ever run again
          a waits for lock y, held by b; b waits for lock x, held by
            a (a cycle)
        """# + "\n"
        #expect(TextExport.render(Fixtures.deadlock, options: .init(width: 60, ascii: true)) == expected)
    }
}
