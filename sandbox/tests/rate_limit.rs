//! The optional rate limit over a real socket: 429 `too-many-requests` beyond N requests a
//! second, switched on at start or through the control API.

mod support;

use sandbox::Options;
use support::*;

#[tokio::test]
async fn requests_beyond_the_limit_get_429_until_it_is_turned_off() {
    let sb = start(Options {
        rate_limit: Some(2),
        ..Options::default()
    })
    .await;
    let token = anonymous_token(sb.addr).await;
    let statuses = [
        api_get(sb.addr, "/v1/api/marketplace/show", &token).await,
        api_get(sb.addr, "/v1/api/marketplace/show", &token).await,
        api_get(sb.addr, "/v1/api/marketplace/show", &token).await,
    ];
    // A whole second may pass between two of them on a slow machine; then all three pass.
    let limited: Vec<_> = statuses.iter().filter(|r| r.status == 429).collect();
    assert!(limited.len() <= 1);
    if let Some(reply) = limited.first() {
        assert_eq!(reply.error_code(), "too-many-requests");
    }
    control(
        sb.addr,
        "POST",
        "/_sandbox/rate-limit",
        Some(r#"{"perSecond":null}"#),
    )
    .await;
    for _ in 0..5 {
        assert_eq!(
            api_get(sb.addr, "/v1/api/marketplace/show", &token)
                .await
                .status,
            200
        );
    }
    control(
        sb.addr,
        "POST",
        "/_sandbox/rate-limit",
        Some(r#"{"perSecond":1}"#),
    )
    .await;
    let mut saw_429 = false;
    for _ in 0..5 {
        saw_429 |= api_get(sb.addr, "/v1/api/marketplace/show", &token)
            .await
            .status
            == 429;
    }
    assert!(saw_429, "five requests at once exceed one a second");
}
