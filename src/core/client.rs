//! One Marketplace API call end to end: encode, authorize, send, decode.
