import ArgumentParser

/// The `workplace-report` command: fetch → aggregate → render for Feishu/Lark custom workplaces.
@main
struct WorkplaceReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workplace-report",
        abstract: "Monthly access reports (XLSX, HTML, Markdown, JSON) of Feishu/Lark custom workplaces.",
        discussion: """
            Credentials come from the environment, never from flags: FEISHU_APP_ID and FEISHU_APP_SECRET \
            (an internal app), or FEISHU_TENANT_ACCESS_TOKEN. The API host is --base-url, else \
            FEISHU_BASE_URL, else https://open.feishu.cn (Lark: https://open.larksuite.com).

            Exit codes: 0 ok, 64 bad usage, 65 bad input data, 69 API unavailable, 73 cannot create \
            output, 75 monthly API quota spent (try again after the 1st), 77 credentials or permission \
            rejected, 70 internal error.
            """,
        version: "0.1.0",
        subcommands: [
            ReportCommand.self, FetchCommand.self, HistoryCommand.self, DemoCommand.self, SimulateCommand.self,
        ]
    )

    /// Parses the command line and runs the command; every error, ArgumentParser's own included, ends
    /// in ``Failure/exit(_:)``: one line on stderr and the exit code of its kind.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            Failure.exit(error)
        }
    }
}
