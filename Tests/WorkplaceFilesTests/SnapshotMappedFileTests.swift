import Foundation
import Testing
import WorkplaceModel

@testable import WorkplaceFiles

/// An items file of `count` records, one a line after a `[` line; record `bad` (1-based) has pv -1.
private func itemsFile(count: Int, bad: Int? = nil) -> [UInt8] {
    var lines = ["["]
    for i in 1...count {
        let pv = i == bad ? "-1" : String(i)
        let day = String(i % 28 + 1).count == 1 ? "0\(i % 28 + 1)" : String(i % 28 + 1)
        lines.append(
            #"{"custom_workplace_id": "w\#(i % 13)", "date": "2026-02-\#(day)", "access_data": {"pv": \#(pv), "uv": 1}, "#
                + #""custom_workplace_name": [{"language": "en", "name": "W\#(i % 13)"}]}"#
                + (i == count ? "" : ","))
    }
    lines.append("]")
    return Array(lines.joined(separator: "\n").utf8)
}

@Suite("Mapped input files")
struct SnapshotMappedFileTests {
    @Test("pages handed back while reading do not change what is read, nor where an error is")
    func releasedPages() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mapped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let good = itemsFile(count: 12_000)
        let goodPath = directory.appendingPathComponent("good.json").path
        try Data(good).write(to: URL(fileURLWithPath: goodPath))
        // Release after every page, so most of the file has been dropped and mapped again.
        let mapped = try SnapshotFile.read(from: goodPath, releasingEvery: 1)
        let inMemory = try SnapshotFile.decode(good, name: "good.json")
        #expect(mapped.dataset.records == inMemory.dataset.records)
        #expect(mapped.dataset.workplaces == inMemory.dataset.workplaces)
        #expect(mapped.dataset.records.count == 12_000)
        #expect(mapped.dataset.records.last?.pv == 12_000)

        let badPath = directory.appendingPathComponent("bad.json").path
        try Data(itemsFile(count: 12_000, bad: 11_000)).write(to: URL(fileURLWithPath: badPath))
        let error = try #require(throws: SnapshotError.self) {
            try SnapshotFile.read(from: badPath, releasingEvery: 1)
        }
        #expect(error.kind == .badRecord(index: 11_000))
        #expect(error.location?.line == 11_001)
        #expect(error.location?.column == 75)
    }
}
