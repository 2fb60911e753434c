import FeishuAPI

/// Every way a delivery can fail, one line each, with what to do about it.
///
/// ``category`` tells the CLI's `Failure.swift` which exit code to use; the codes of the upload,
/// message and webhook endpoints are sorted into categories here, each with the sentence an admin needs.
public struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Category: Sendable, Hashable {
        /// A flag, an environment value or a chat id is wrong.
        case usage
        /// A permission, scope, bot setting or the webhook's security settings refused the request.
        case permission
        /// The API stayed unavailable or rate-limited after every retry, or answered an unknown code.
        case unavailable
        /// The tenant's monthly API call quota is spent.
        case quotaExhausted
        /// Feishu refused the report's content (sensitive-content or DLP checks).
        case contentRejected
        /// The card was sent but the workbook was not (too large for Feishu).
        case fileNotSent
        /// The request this program built was refused: a bug.
        case `internal`
    }

    /// The kind of failure.
    public var category: Category
    /// One line: what happened, where, and how to fix it.
    public var description: String

    /// Creates an error.
    public init(_ category: Category, _ description: String) {
        self.category = category
        self.description = description
    }

    /// The endpoint an answer came from.
    enum Endpoint {
        case upload, message, webhook
    }

    /// The error for an API code the exchange does not retry.
    static func forCode(_ code: Int, endpoint: Endpoint, context: APIErrorContext, chat: String?) -> DeliveryError {
        let chatText = chat.map { "chat \($0)" } ?? "the chat"
        switch (endpoint, code) {
        case (_, 230002):
            return DeliveryError(
                .permission,
                "the app's bot is not a member of \(chatText) (\(context)); add the bot to the group (group settings →"
                    + " Bots → Add bot) or check --feishu-chat")
        case (_, 230006), (_, 234007):
            return DeliveryError(
                .permission,
                "the app has no bot capability (\(context)); the admin enables it in the developer console (the app →"
                    + " Features → Bot) and publishes a new app version")
        case (.upload, 99991672), (.upload, 99991676), (.upload, 234002):
            return DeliveryError(
                .permission,
                "the app may not upload files (\(context)); add the scope im:resource or im:resource:upload and"
                    + " publish a new app version")
        case (.message, 99991672), (.message, 99991676), (.message, 230027):
            return DeliveryError(
                .permission,
                "the app may not send messages to \(chatText) (\(context)); add the scope im:message:send_as_bot or"
                    + " im:message and publish a new app version (an external group also needs the app to be allowed there)"
            )
        case (_, 99991662), (_, 99991673):
            return DeliveryError(
                .permission,
                "the app is disabled or not installed in this tenant (\(context)); ask the tenant admin to enable it")
        case (_, 230018), (_, 230035), (_, 230054):
            return DeliveryError(
                .permission,
                "the bot may not post in \(chatText) (\(context)); the group's settings (who may speak, bots allowed)"
                    + " or the tenant's policy refuse it: ask the group owner or the admin")
        case (_, 230013), (_, 230053), (_, 230038), (_, 230029):
            return DeliveryError(
                .permission,
                "the receiver cannot get messages from this bot (\(context)); check the app's availability range")
        case (_, 230036), (_, 234041):
            return DeliveryError(
                .permission, "the tenant's encryption key was deleted (\(context)); the tenant admin must restore it")
        case (_, 230001), (_, 230034), (_, 232009), (_, 230019), (_, 230015), (_, 230075):
            return DeliveryError(
                .usage,
                "Feishu refused \(chatText) (\(context)); check the chat id given to --feishu-chat (an oc_… id of a"
                    + " group that still exists and is not encrypted)")
        case (_, 230022), (_, 230028):
            return DeliveryError(
                .contentRejected,
                "Feishu refused the report's content (\(context)): its sensitive-content or data-loss checks flagged"
                    + " it; the report files are written, share them another way")
        case (_, 234006):
            return DeliveryError(
                .fileNotSent, "Feishu refused the workbook as too large (\(context)); it takes files up to 30 MB")
        case (_, 234042):
            return DeliveryError(
                .unavailable,
                "the tenant's file storage failed (\(context)); the admin checks the hybrid-deployment storage")
        case (.webhook, 19021):
            return DeliveryError(
                .permission,
                "the group bot refused the signature (\(context)); FEISHU_WEBHOOK_SECRET must be the bot's signing"
                    + " secret and this machine's clock within an hour of the real time")
        case (.webhook, 19022):
            return DeliveryError(
                .permission,
                "the group bot refused this machine's IP address (\(context)); add it to the bot's IP allow-list")
        case (.webhook, 19024):
            return DeliveryError(
                .permission,
                "the group bot's keyword is not in the card (\(context)); put the keyword in --title or remove the"
                    + " keyword from the bot's security settings")
        case (.webhook, 19001), (.webhook, 19002):
            return DeliveryError(
                .permission,
                "the group bot refused the hook URL (\(context)); copy the bot's webhook address into FEISHU_WEBHOOK_URL"
                    + " again (the bot may have been removed)")
        case (_, 230025), (_, 230099), (_, 230017), (_, 230055), (_, 234001), (_, 234010), (.webhook, 9499):
            return DeliveryError(
                .internal,
                "Feishu refused the request this program built (\(context)); this is a bug in workplace-report:"
                    + " please report it with this line")
        default:
            return DeliveryError(
                .unavailable, "Feishu answered an unexpected error (\(context)); quote the log id to Feishu support")
        }
    }
}
