import ArgumentParser
import Foundation
import WorkplaceAnalytics

/// `workplace-report report`: the monthly job; fetch (or read a snapshot), aggregate, render.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report of a period from the API or from a snapshot file.",
        discussion: """
            Choose one period: --from/--to, --month, --last-month, --week or --last-week (or 'period' in \
            --config). Flags override the config file.
            """)

    @Option(help: "First day, yyyy-MM-dd (with --to).") var from: String?
    @Option(help: "Last day, yyyy-MM-dd (with --from).") var to: String?
    @Option(help: "A calendar month, YYYY-MM; compared with the month before.") var month: String?
    @Flag(help: "The calendar month before today's.") var lastMonth = false
    @Option(help: "An ISO week, YYYY-Www; compared with the week before.") var week: String?
    @Flag(help: "The ISO week before today's.") var lastWeek = false
    @Option(help: "Time zone that decides 'today' for --last-month/--last-week (default: the system's).")
    var timezone: String?

    @Option(help: "Read this snapshot or saved API output instead of calling the API (\"-\" for stdin).")
    var input: String?
    @Flag(help: "With --store: never call the API; report what the store holds (days it lacks are said to be missing).")
    var offline = false
    @Option(help: "Folder the reports are written to (created when missing).") var outDir: String?
    @Option(help: "A YAML file with what a scheduled job repeats (see examples/); flags override it.")
    var config: String?
    @Flag(help: "Append the Markdown summary to the file named by GITHUB_STEP_SUMMARY.")
    var stepSummary = false
    @Option(help: .hidden) var timings: String?

    @OptionGroup var fetch: FetchOptions
    @OptionGroup var render: RenderOptions
    @OptionGroup var mailOptions: MailOptions
    @OptionGroup var delivery: DeliveryOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        let chosen = [from != nil || to != nil, month != nil, lastMonth, week != nil, lastWeek].filter { $0 }.count
        guard chosen <= 1 else {
            throw ValidationError("choose one period: --from/--to, --month, --last-month, --week or --last-week")
        }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together; give both") }
    }

    /// The period flag given, if any.
    var selection: PeriodSelection? {
        if let from, let to { return .range(from: from, to: to) }
        if let month { return .month(month) }
        if let week { return .week(week) }
        if lastMonth { return .lastMonth }
        return lastWeek ? .lastWeek : nil
    }

    /// Everything the flags say, as one settings layer.
    var flagSettings: JobSettings {
        var s = JobSettings.merged([fetch.settings, render.settings, mailOptions.settings, delivery.settings])
        s.period = selection
        s.timezone = timezone
        s.outDir = outDir
        return s
    }

    /// The job of this run: flags over the config file over the environment over the defaults.
    func job(env: [String: String], now: Date) throws -> ReportJob {
        let file = try config.map(ConfigFile.load) ?? JobSettings()
        let settings = JobSettings.merged([flagSettings, file, Environment.settings(env)])
        let generatedAt = try Environment.generatedAt(flag: render.generatedAt, env, now: now)
        var job = try ReportJob.resolve(settings, generatedAt: generatedAt, now: now) { settings in
            if let input {
                if offline { throw UsageError("--offline goes with --store, not with --input; give one of them") }
                if settings.store != nil {
                    throw UsageError("--input and --store exclude each other (history import puts a file into a store)")
                }
                return InputFileSource(path: input)
            }
            if let store = settings.store {
                if offline { return StoreSource(path: store, refetchDays: settings.refetchDays!, api: nil) }
                return StoreSource(
                    path: store, refetchDays: settings.refetchDays!,
                    api: try FeishuAPISource(settings, env: env, quiet: logging.quiet))
            }
            if offline { throw UsageError("--offline needs --store FILE (or 'store' in --config)") }
            return try FeishuAPISource(settings, env: env, quiet: logging.quiet)
        }
        job.delivery = try DeliveryPlan.resolve(settings, env: env)
        job.stepSummary = stepSummary ? try StepSummary.path(env) : nil
        job.timings = timings
        return job
    }

    func run() async throws {
        let job = try job(env: Environment.variables, now: Date())
        try await Pipeline.run(job, logger: logging.logger())
    }
}
