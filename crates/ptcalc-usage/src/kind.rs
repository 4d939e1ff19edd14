//! The token kinds a usage series is split into, the same four the core prices:
//! uncached input, cached input (cache reads), cache writes and output.

/// One kind of token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Input tokens that were neither read from nor written to a prompt cache.
    Input,
    /// Input tokens read from a prompt cache.
    Cached,
    /// Input tokens written to a prompt cache.
    CacheWrite,
    /// Output (completion) tokens.
    Output,
}

impl TokenKind {
    /// All four, in storage order.
    pub const ALL: [TokenKind; 4] = [
        TokenKind::Input,
        TokenKind::Cached,
        TokenKind::CacheWrite,
        TokenKind::Output,
    ];

    /// Position in a `[f64; 4]`.
    ///
    /// ```
    /// use ptcalc_usage::TokenKind;
    /// assert_eq!(TokenKind::Output.index(), 3);
    /// ```
    pub fn index(self) -> usize {
        match self {
            TokenKind::Input => 0,
            TokenKind::Cached => 1,
            TokenKind::CacheWrite => 2,
            TokenKind::Output => 3,
        }
    }

    /// The name used in messages and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Input => "input",
            TokenKind::Cached => "cached",
            TokenKind::CacheWrite => "cache_write",
            TokenKind::Output => "output",
        }
    }
}
