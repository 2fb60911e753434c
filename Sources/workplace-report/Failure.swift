import ArgumentParser
import FeishuAPI
import FeishuDelivery
import FeishuSimulator
import Foundation
import WorkplaceAnalytics
import WorkplaceFiles
import WorkplaceModel
import WorkplaceRendering
import WorkplaceStore

/// The sysexits codes the spec promises (spec §3).
///
/// No other file knows these numbers.
enum ExitStatus: Int32 {
    case usage = 64
    case dataError = 65
    case unavailable = 69
    case software = 70
    case cannotCreate = 73
    case tempFail = 75
    case noPermission = 77
}

/// The one place an error becomes an exit code and one line on stderr.
enum Failure {
    /// Ends the process for `error`: `workplace-report: error: …` on stderr and the error's exit code;
    /// help and version requests print to stdout and exit 0.
    static func exit(_ error: any Error) -> Never {
        if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
        let (status, message) = classify(error)
        if status == nil {
            // --help, --version: ArgumentParser prints them.
            WorkplaceReport.exit(withError: error)
        }
        let line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        FileHandle.standardError.write(Data("workplace-report: error: \(line)\n".utf8))
        Foundation.exit(status!.rawValue)
    }

    /// The exit status and the one-line message of `error`; a nil status for a help or version request.
    static func classify(_ error: any Error) -> (ExitStatus?, String) {
        switch error {
        case let e as UsageError: return (.usage, e.description)
        case let e as ValidationError: return (.usage, e.message)
        case let e as PeriodError: return (.usage, e.description)
        case let e as TemplateError: return (.usage, e.description)
        case let e as MailError: return (.usage, e.description)
        case let e as OutputError: return (.cannotCreate, e.description)
        case let e as WorkbookError: return (.cannotCreate, e.description)
        case let e as SnapshotError:
            switch e.category {
            case .badData: return (.dataError, e.description)
            case .cannotRead: return (.usage, e.description)  // the --input path itself is wrong
            case .cannotWrite: return (.cannotCreate, e.description)
            }
        case let e as SimulatorError: return (.usage, e.description)
        case let e as StoreError:
            switch e.kind {
            case .notAStore, .damaged, .newerSchema: return (.dataError, e.description)
            case .otherTenant, .missing: return (.usage, e.description)
            case .cannotWrite: return (.cannotCreate, e.description)
            case .busy: return (.tempFail, e.description)
            }
        case let e as DeliveryError:
            switch e.category {
            case .usage: return (.usage, e.description)
            case .permission: return (.noPermission, e.description)
            case .unavailable: return (.unavailable, e.description)
            case .quotaExhausted: return (.tempFail, e.description)
            case .contentRejected: return (.dataError, e.description)
            case .fileNotSent: return (.cannotCreate, e.description)
            case .internal: return (.software, e.description)
            }
        case let e as FeishuError:
            switch e.category {
            case .usage: return (.usage, e.description)
            case .credentials: return (.noPermission, e.description)
            case .unavailable, .protocolViolation: return (.unavailable, e.description)
            case .internal: return (.software, e.description)
            case .quotaExhausted: return (.tempFail, e.description)
            }
        default:
            // What ArgumentParser threw while parsing: a help request, or a bad flag (its own or one a
            // `validate()` refused), which is a usage error like the ones above.
            let code = WorkplaceReport.exitCode(for: error)
            if code == .success { return (nil, "") }
            if code == .validationFailure {
                return (.usage, WorkplaceReport.message(for: error) + " (see --help)")
            }
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
