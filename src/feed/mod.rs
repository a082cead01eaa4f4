//! The feed: ordered (series, episode) entries, navigation, gestures and the video preload plan.
