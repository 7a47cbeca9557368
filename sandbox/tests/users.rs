//! Sign-up, profile, email, password, deletion and password reset over a real socket.

mod support;

use sharetribe_sdk::core::value::Value;
use support::*;

fn s(text: &str) -> Value {
    Value::from(text)
}

async fn password_login(addr: support::Addr, email: &str, password: &str) -> Reply {
    token_request(
        addr,
        &format!("client_id=sandbox-client-id&grant_type=password&username={email}&password={password}&scope=user"),
    )
    .await
}

#[tokio::test]
async fn sign_up_then_log_in_update_verify_and_change_password() {
    let sb = start_default().await;
    let anonymous = anonymous_token(sb.addr).await;
    let signup = Value::map([
        ("email", s("dave@example.com")),
        ("password", s("dave-password")),
        ("firstName", s("Dave")),
        ("lastName", s("Doe")),
        ("publicData", Value::map([("city", s("Oslo"))])),
    ]);
    let created = api_post(
        sb.addr,
        "/v1/api/current_user/create?expand=true",
        &anonymous,
        &signup,
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(str_at(&created.transit(), &["data", "type"]), "currentUser");
    let taken = api_post(sb.addr, "/v1/api/current_user/create", &anonymous, &signup).await;
    assert_eq!(taken.error_code(), "email-taken");

    let login = password_login(sb.addr, "dave@example.com", "dave-password").await;
    assert_eq!(login.status, 200, "{}", login.body);
    let dave = str_at(&login.json(), &["access_token"]).to_owned();

    let update = Value::map([
        ("displayName", s("Dave the Builder")),
        (
            "publicData",
            Value::map([("city", Value::Null), ("trade", s("carpenter"))]),
        ),
    ]);
    let updated = api_post(
        sb.addr,
        "/v1/api/current_user/update_profile?expand=true",
        &dave,
        &update,
    )
    .await;
    let profile = at(&updated.transit(), &["data", "attributes", "profile"]).clone();
    assert_eq!(str_at(&profile, &["displayName"]), "Dave the Builder");
    assert_eq!(
        at(&profile, &["publicData"]),
        &Value::map([("trade", s("carpenter"))])
    );

    let tokens = control(
        sb.addr,
        "GET",
        "/_sandbox/users/dave@example.com/tokens",
        None,
    )
    .await
    .json();
    let token = array_at(&tokens, &["verificationTokens"])[0]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(token, "verify-dave@example.com-1");
    let wrong = api_post(
        sb.addr,
        "/v1/api/current_user/verify_email",
        &dave,
        &Value::map([("verificationToken", s("nope"))]),
    )
    .await;
    assert_eq!(wrong.status, 403);
    let verified = api_post(
        sb.addr,
        "/v1/api/current_user/verify_email?expand=true",
        &dave,
        &Value::map([("verificationToken", s(&token))]),
    )
    .await;
    assert_eq!(
        at(
            &verified.transit(),
            &["data", "attributes", "emailVerified"]
        ),
        &Value::Bool(true)
    );

    let bad = Value::map([
        ("currentPassword", s("wrong-one")),
        ("newPassword", s("dave-password-2")),
    ]);
    assert_eq!(
        api_post(sb.addr, "/v1/api/current_user/change_password", &dave, &bad)
            .await
            .status,
        403
    );
    let good = Value::map([
        ("currentPassword", s("dave-password")),
        ("newPassword", s("dave-password-2")),
    ]);
    assert_eq!(
        api_post(
            sb.addr,
            "/v1/api/current_user/change_password",
            &dave,
            &good
        )
        .await
        .status,
        200
    );
    assert_eq!(
        password_login(sb.addr, "dave@example.com", "dave-password")
            .await
            .status,
        401
    );
    assert_eq!(
        password_login(sb.addr, "dave@example.com", "dave-password-2")
            .await
            .status,
        200
    );

    let delete = Value::map([("currentPassword", s("dave-password-2"))]);
    assert_eq!(
        api_post(sb.addr, "/v1/api/current_user/delete", &dave, &delete)
            .await
            .status,
        200
    );
    assert_eq!(
        password_login(sb.addr, "dave@example.com", "dave-password-2")
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn password_reset_with_the_emailed_token() {
    let sb = start_default().await;
    let anonymous = anonymous_token(sb.addr).await;
    let unknown = api_post(
        sb.addr,
        "/v1/api/password_reset/request",
        &anonymous,
        &Value::map([("email", s("nobody@example.com"))]),
    )
    .await;
    assert_eq!(unknown.error_code(), "email-not-found");
    let asked = api_post(
        sb.addr,
        "/v1/api/password_reset/request",
        &anonymous,
        &Value::map([("email", s("bob@example.com"))]),
    )
    .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    let tokens = control(
        sb.addr,
        "GET",
        "/_sandbox/users/bob@example.com/tokens",
        None,
    )
    .await
    .json();
    let token = str_at(&tokens, &["passwordResetToken"]).to_owned();
    let reset = |token: &str| {
        Value::map([
            ("email", s("bob@example.com")),
            ("passwordResetToken", s(token)),
            ("newPassword", s("bob-new-password")),
        ])
    };
    assert_eq!(
        api_post(
            sb.addr,
            "/v1/api/password_reset/reset",
            &anonymous,
            &reset("guess")
        )
        .await
        .status,
        403
    );
    assert_eq!(
        api_post(
            sb.addr,
            "/v1/api/password_reset/reset",
            &anonymous,
            &reset(&token)
        )
        .await
        .status,
        200
    );
    assert_eq!(
        api_post(
            sb.addr,
            "/v1/api/password_reset/reset",
            &anonymous,
            &reset(&token)
        )
        .await
        .status,
        403,
        "one use"
    );
    assert_eq!(
        password_login(sb.addr, "bob@example.com", "bob-new-password")
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn current_user_includes_the_effective_permission_set() {
    // The Web Template asks for it on every page and sends users without `postListings`
    // allowed to "no posting rights".
    let sb = start_default().await;
    let (token, _) = login(sb.addr, "carol").await;
    let reply = api_get(
        sb.addr,
        "/v1/api/current_user/show?include=effectivePermissionSet,profileImage",
        &token,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.transit();
    let related = at(
        &body,
        &["data", "relationships", "effectivePermissionSet", "data"],
    );
    assert_eq!(str_at(related, &["type"]), "permissionSet");
    let included = array_at(&body, &["included"]);
    let set = included
        .iter()
        .find(|r| str_at(r, &["type"]) == "permissionSet")
        .expect("the permission set is included");
    assert_eq!(at(set, &["id"]), at(related, &["id"]));
    for permission in ["postListings", "initiateTransactions", "read"] {
        assert_eq!(
            at(set, &["attributes", permission]),
            &Value::Keyword("permission/allow".to_owned()),
            "{permission}"
        );
    }
    // Without the include, the relationship is left out like every other.
    let plain = api_get(sb.addr, "/v1/api/current_user/show", &token).await;
    assert!(plain
        .transit()
        .get("included")
        .is_none_or(|i| i == &Value::Array(vec![])));
}
