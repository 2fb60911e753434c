import Foundation

/// Running the measured programs and preparing what they need.
enum Shell {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `arguments` `runs` times under GNU time and returns the median run's wall time and peak RSS.
    static func measure(
        label: String, size: String, runs: Int = 1, _ arguments: [String], env: [String: String] = [:]
    ) throws -> Measurement {
        var all: [Measurement] = []
        for _ in 0..<max(runs, 1) { all.append(try measureOnce(label: label, size: size, arguments, env: env)) }
        return all.sorted { $0.wall < $1.wall }[all.count / 2]
    }

    private static func measureOnce(label: String, size: String, _ arguments: [String], env: [String: String])
        throws -> Measurement
    {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("bench-time-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        FileHandle.standardError.write(Data("bench: \(label) \(size)…\n".utf8))
        try run(["/usr/bin/time", "-f", "%e %M", "-o", report.path] + arguments, env: env)
        let fields = try String(contentsOf: report, encoding: .utf8).split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, let wall = Double(fields[fields.count - 2]), let kb = Double(fields[fields.count - 1])
        else { throw Failed(description: "cannot read GNU time's report for \(label)") }
        return Measurement(label: label, size: size, wall: wall, peakMB: kb / 1024)
    }

    /// Runs a program and fails when it fails; its output goes to our stderr.
    @discardableResult
    static func run(_ arguments: [String], env: [String: String] = [:], quiet: Bool = true) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        if quiet { process.standardOutput = FileHandle.nullDevice }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(
                description: "\(arguments.prefix(3).joined(separator: " ")) … exited \(process.terminationStatus)")
        }
        return process.terminationStatus
    }

    /// GNU time (Debian's `time` package) measures peak RSS; installed when missing.
    static func ensureGNUTime() throws {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") { return }
        try run(["apt-get", "update", "-qq"])
        try run(["apt-get", "install", "-y", "-qq", "time"])
    }

    /// A virtualenv with the peer's packages; returns its python.
    static func peerPython(work: URL) throws -> String {
        let venv = work.appendingPathComponent("peer-venv")
        let python = venv.appendingPathComponent("bin/python").path
        if !FileManager.default.isExecutableFile(atPath: python) {
            try run(["python3", "-m", "venv", venv.path])
            try run([python, "-m", "pip", "install", "-q", "pandas", "xlsxwriter", "jinja2", "openpyxl", "orjson"])
        }
        return python
    }

    /// Compiles the peer's native floor (libxlsxwriter from C) into the work folder.
    static func buildFloor(peer: URL, work: URL) throws -> String {
        let binary = work.appendingPathComponent("xlsx_baseline").path
        let source = peer.appendingPathComponent("native/xlsx_baseline.c").path
        try run(["sh", "-c", "gcc -O2 -o '\(binary)' '\(source)' $(pkg-config --cflags --libs xlsxwriter)"])
        return binary
    }

    /// The generated input of `size` items (the peer's generator, so both read the same file).
    static func items(size: String, peer: URL, work: URL) throws -> URL {
        let file = work.appendingPathComponent("items_\(size).json")
        if !FileManager.default.fileExists(atPath: file.path) {
            FileHandle.standardError.write(Data("bench: generating \(size) items…\n".utf8))
            try run(["python3", peer.appendingPathComponent("gen_data.py").path, size, file.path])
        }
        return file
    }

    /// `10k` → 10000, `1M` → 1000000.
    static func count(_ size: String) -> Int {
        let lower = size.lowercased()
        if lower.hasSuffix("k"), let n = Double(lower.dropLast()) { return Int(n * 1_000) }
        if lower.hasSuffix("m"), let n = Double(lower.dropLast()) { return Int(n * 1_000_000) }
        return Int(lower) ?? 0
    }

    /// A file's size in MB, when it exists.
    static func megabytes(_ url: URL) -> Double? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int).map { Double($0) / 1_048_576 }
    }
}

/// The machine the figures were taken on.
enum Machine {
    static func describe() -> String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu)"
    }
}
