import FeishuAPI
import Foundation
import WorkplaceAnalytics
import WorkplaceModel
import WorkplaceRendering

/// One layer of a run's settings, every field optional.
///
/// The flags give one layer, the `--config` file
/// one, the environment one and ``defaults`` the last; ``merged(_:)`` puts them together, first wins.
struct JobSettings {
    var period: PeriodSelection?
    var timezone: String?
    var title: String?
    var top: Int?
    var language: ReportLanguage?
    var workplaceIDs: [String]?
    var formats: [ReportFormat]?
    var outDir: String?
    var templates: String?
    var baseURL: String?
    var pageSize: Int?
    var concurrency: Int?
    /// The rate window's margin in ms (`--rate-margin-ms`, config `rate_margin_ms`).
    var rateMarginMs: Int?
    var mailFrom: String?
    var mailTo: [String]?
    var subject: String?
    var store: String?
    var refetchDays: Int?
    var feishuChats: [String]?
    var feishuWebhook: Bool?
    /// The datasets to fetch (`--datasets`, config `datasets`).
    var datasets: [DatasetKind]?
    /// Only these blocks (`--block-id`).
    var blockIDs: [String]?
    /// Block names (`--block-name`, config `blocks`): merged per id, an upper layer's name winning.
    var blockNames: [String: String]?

    /// Every default, written once (the bounds live with the library code that enforces them:
    /// `ReportOptions.topRange`, `FetchQuery.pageSizes`, `FeishuClientConfiguration.concurrencyRange`).
    static let defaults: JobSettings = {
        var s = JobSettings()
        s.top = ReportOptions.defaultTop
        s.language = ReportLanguage(rawValue: ReportOptions.defaultLanguage)
        s.formats = ReportFormat.defaults
        s.baseURL = FeishuBaseURL.feishu.description
        s.pageSize = FetchQuery.maximumPageSize
        s.concurrency = FeishuClientConfiguration.defaultConcurrency
        s.rateMarginMs = FeishuClientConfiguration.defaultWindowMarginMs
        s.refetchDays = 3
        s.datasets = DatasetKind.allCases
        return s
    }()

    /// The layers merged: each field from the first layer that has it.
    static func merged(_ layers: [JobSettings]) -> JobSettings {
        layers.reversed().reduce(JobSettings()) { lower, upper in upper.over(lower) }
    }

    /// This layer's values, else `lower`'s.
    func over(_ lower: JobSettings) -> JobSettings {
        JobSettings(
            period: period ?? lower.period, timezone: timezone ?? lower.timezone, title: title ?? lower.title,
            top: top ?? lower.top, language: language ?? lower.language,
            workplaceIDs: workplaceIDs ?? lower.workplaceIDs, formats: formats ?? lower.formats,
            outDir: outDir ?? lower.outDir, templates: templates ?? lower.templates, baseURL: baseURL ?? lower.baseURL,
            pageSize: pageSize ?? lower.pageSize, concurrency: concurrency ?? lower.concurrency,
            rateMarginMs: rateMarginMs ?? lower.rateMarginMs,
            mailFrom: mailFrom ?? lower.mailFrom, mailTo: mailTo ?? lower.mailTo, subject: subject ?? lower.subject,
            store: store ?? lower.store, refetchDays: refetchDays ?? lower.refetchDays,
            feishuChats: feishuChats ?? lower.feishuChats, feishuWebhook: feishuWebhook ?? lower.feishuWebhook,
            datasets: datasets ?? lower.datasets, blockIDs: blockIDs ?? lower.blockIDs,
            blockNames: Self.mergedNames(blockNames, over: lower.blockNames))
    }

    /// `upper`'s block names over `lower`'s, id by id.
    private static func mergedNames(_ upper: [String: String]?, over lower: [String: String]?) -> [String: String]? {
        guard let upper else { return lower }
        guard let lower else { return upper }
        return lower.merging(upper) { _, new in new }
    }
}

/// Everything one `report` or `demo` run does, resolved once from the flags, the config file, the
/// environment and the defaults: the one value ``Pipeline/run(_:logger:)`` executes.
struct ReportJob {
    /// Where the records come from.
    var source: any DataSource
    /// What the source is asked for.
    var request: DataRequest
    /// The reported days.
    var period: ReportPeriod
    /// Top N, language, title, time stamp, workplace filter (the source is filled in once known).
    var options: ReportOptions
    /// The formats to write, in order.
    var formats: [ReportFormat]
    /// The folder the files go to.
    var outDir: URL
    /// A folder of templates overriding the built-in ones.
    var templates: URL?
    /// The e-mail's envelope when `formats` holds eml.
    var mail: MailEnvelope?
    /// Whether the records are also saved as `snapshot-FROM_TO.json` in ``outDir`` (the demo does).
    var savesSnapshot = false
    /// The GitHub job summary file to append the Markdown to (`--step-summary`).
    var stepSummary: String?
    /// Where to write the phase timings (`--timings`, for the benchmark).
    var timings: String?
    /// Where the card (and the workbook) are posted once the files are written: Feishu chats, a group bot.
    var delivery: DeliveryPlan?

    /// The job the merged `layers` describe (``JobSettings/defaults`` fill what they leave open).
    /// - Parameters:
    ///   - generatedAt: seconds since 1970 the run is stamped with.
    ///   - source: the data source, built from the same settings.
    /// - Throws: ``UsageError``, `PeriodError` or `MailError` naming the flag or key to fix.
    static func resolve(
        _ layers: JobSettings, generatedAt: Int64, now: Date, source: (JobSettings) throws -> any DataSource
    ) throws -> ReportJob {
        let settings = layers.over(.defaults)
        guard let selection = settings.period else {
            throw UsageError(
                "choose a period: --from/--to, --month, --last-month, --week or --last-week (or 'period' in --config)")
        }
        guard let outDir = settings.outDir else {
            throw UsageError("--out-dir is missing; give the folder the reports go to (or 'out_dir' in --config)")
        }
        let period = try selection.resolve(today: Environment.today(timeZone: settings.timezone, now: now))
        let formats = settings.formats!
        let language = settings.language!.rawValue
        let workplaceIDs = settings.workplaceIDs ?? []
        var mail: MailEnvelope?
        if formats.contains(.eml) {
            // Checked before anything is fetched, so a typo in an address costs no API calls.
            let envelope = MailEnvelope(
                from: settings.mailFrom ?? "", to: settings.mailTo ?? [],
                subject: settings.subject
                    ?? "\(settings.title ?? Labels.forLanguage(language).reportTitle) · \(period.label)",
                date: generatedAt)
            try envelope.validate()
            mail = envelope
        }
        return ReportJob(
            source: try source(settings),
            request: DataRequest(
                range: DateRange(from: period.previous.from, to: period.to)!, workplaceIDs: workplaceIDs,
                fetchedAt: generatedAt, history: period.historyRange, datasets: settings.datasets!,
                blockIDs: settings.blockIDs ?? []),
            period: period,
            options: ReportOptions(
                top: settings.top!, language: language, title: settings.title,
                generatedAt: generatedAt, workplaceIDs: Set(workplaceIDs), blockNames: settings.blockNames ?? [:]),
            formats: formats, outDir: URL(fileURLWithPath: outDir),
            templates: settings.templates.map { URL(fileURLWithPath: $0) }, mail: mail)
    }
}
