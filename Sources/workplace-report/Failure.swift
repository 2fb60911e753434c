import ArgumentParser
import FeishuAPI
import FeishuSimulator
import Foundation
import WorkplaceAnalytics
import WorkplaceFiles
import WorkplaceModel
import WorkplaceRendering
import XLSX

/// The sysexits codes the spec promises (spec §3).
enum ExitStatus: Int32 {
    case usage = 64
    case dataError = 65
    case unavailable = 69
    case software = 70
    case cannotCreate = 73
    case noPermission = 77
}

/// The one place an error becomes an exit code and one line on stderr.
enum Failure {
    /// Runs `body`; on failure prints `workplace-report: error: …` and exits with the error's code.
    static func guarding(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            let (status, message) = classify(error)
            FileHandle.standardError.write(Data("workplace-report: error: \(message)\n".utf8))
            throw ExitCode(status.rawValue)
        }
    }

    /// The exit status and the one-line message of `error`.
    static func classify(_ error: Error) -> (ExitStatus, String) {
        switch error {
        case let e as UsageError: return (.usage, e.description)
        case let e as PeriodError: return (.usage, e.description)
        case let e as TemplateError: return (.usage, e.description)
        case let e as MailError: return (.usage, e.description)
        case let e as OutputError: return (.cannotCreate, e.description)
        case let e as XLSXError: return (.cannotCreate, "cannot write the workbook: \(e)")
        case let e as SnapshotError:
            switch e.category {
            case .badData: return (.dataError, e.description)
            case .cannotRead: return (.usage, e.description)  // the --input path itself is wrong
            case .cannotWrite: return (.cannotCreate, e.description)
            }
        case let e as SimulatorError: return (.usage, e.description)
        case let e as FeishuError:
            switch e.category {
            case .usage: return (.usage, e.description)
            case .credentials: return (.noPermission, e.description)
            case .unavailable, .protocolViolation: return (.unavailable, e.description)
            case .internal: return (.software, e.description)
            }
        default:
            return (.software, "internal error: \(String(describing: error).prefix(300))")
        }
    }
}

/// A flag's value that makes no sense, caught after parsing; exit 64.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
