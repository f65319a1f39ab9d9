internal import Crypto
internal import Foundation
internal import Hummingbird

/// The browser's side of a sign-in: the session token in an HttpOnly, SameSite=Strict cookie (Secure, with the
/// `__Host-` prefix, when the node says so), and the CSRF tokens every form carries.
///
/// A signed-in form's token is an HMAC of the session token, so it is fixed for the session, unknown to anyone who
/// cannot read the cookie, and checked without storing anything. The sign-in form, which has no session yet, uses a
/// double-submitted random value: a cookie and the same value in the form.
struct WebSession: Sendable {
    let secure: Bool

    /// The session cookie's name.
    var cookieName: String { self.secure ? "__Host-chaindesk" : "chaindesk" }
    /// The sign-in form's CSRF cookie's name.
    var signInCookieName: String { self.secure ? "__Host-chaindesk-signin" : "chaindesk-signin" }
    static let languageCookie = "chaindesk-lang"

    /// The session token the request carries, if any.
    func token(in request: Request) -> String? {
        guard let value = request.cookies[self.cookieName]?.value, !value.isEmpty else { return nil }
        return value
    }

    /// The cookie that holds a new session for `seconds`.
    func sessionCookie(_ token: String, seconds: Int) -> Cookie {
        Cookie(
            name: self.cookieName,
            value: token,
            maxAge: seconds,
            path: "/",
            secure: self.secure,
            httpOnly: true,
            sameSite: .strict
        )
    }

    /// The cookie that ends the browser's session.
    func clearedSessionCookie() -> Cookie {
        Cookie(
            name: self.cookieName,
            value: "",
            maxAge: 0,
            path: "/",
            secure: self.secure,
            httpOnly: true,
            sameSite: .strict
        )
    }

    /// The CSRF token of a signed-in session's forms.
    static func formToken(session token: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data("chaindesk form".utf8),
            using: SymmetricKey(data: Data(token.utf8))
        )
        return Data(code).map { String(format: "%02x", $0) }.joined()
    }

    /// A fresh random value for the sign-in form and its cookie.
    static func randomValue() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// The sign-in form's CSRF cookie.
    func signInCookie(_ value: String) -> Cookie {
        Cookie(
            name: self.signInCookieName,
            value: value,
            maxAge: 3600,
            path: "/",
            secure: self.secure,
            httpOnly: true,
            sameSite: .strict
        )
    }

    /// Whether two tokens are equal, in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
