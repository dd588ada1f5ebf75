//! The training lab's seeded random numbers: O'Neill's PCG32 (`pcg32_random_r` of
//! pcg-c-basic: a 64-bit linear congruential state, XSH-RR output) and the few
//! distributions the tasks draw from.
//!
//! Only integer arithmetic and exactly rounded float operations are used, plus
//! `libm`'s logarithm for the normal distribution: a seed gives the same bits
//! natively and in WebAssembly.

/// Which independent sequence of a seed a draw comes from: the data and the initial
/// weights each have their own, so one never shifts the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// The task's samples and labels.
    Data = 1,
    /// The network's initial weights.
    Weights = 2,
}

/// PCG32: 64 bits of state, 32 random bits a draw, period 2^64, one of 2^63
/// sequences chosen by the stream.
#[derive(Clone, Debug)]
pub struct Pcg32 {
    state: u64,
    increment: u64,
}

impl Pcg32 {
    /// The LCG multiplier of pcg-c-basic.
    const MULTIPLIER: u64 = 6_364_136_223_846_793_005;

    /// The generator for `seed` on `stream`.
    pub fn new(seed: u64, stream: Stream) -> Self {
        Pcg32::seeded(seed, stream as u64)
    }

    /// `pcg32_srandom_r(seed, sequence)`: the reference seeding, any sequence number.
    fn seeded(seed: u64, sequence: u64) -> Self {
        let mut rng = Pcg32 {
            state: 0,
            increment: (sequence << 1) | 1,
        };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed);
        rng.next_u32();
        rng
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old
            .wrapping_mul(Pcg32::MULTIPLIER)
            .wrapping_add(self.increment);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        xorshifted.rotate_right((old >> 59) as u32)
    }

    /// A uniform number in `[0, 1)` on the grid of 2^-53, from two draws (27 and 26
    /// bits, as the Mersenne Twister's `genrand_res53`).
    pub fn unit(&mut self) -> f64 {
        let high = u64::from(self.next_u32() >> 5);
        let low = u64::from(self.next_u32() >> 6);
        ((high << 26) | low) as f64 / (1u64 << 53) as f64
    }

    /// A uniform number in `[a, b)`: `unit() * (b - a) + a`, Playground's
    /// `randUniform`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        self.unit() * (b - a) + a
    }

    /// True with probability `p` from one draw: `next_u32() < p 2^32`, so `p` counts
    /// in steps of 2^-32 (`torch.rand(...) < p`, with 32 random bits instead of 24).
    pub fn bernoulli(&mut self, p: f64) -> bool {
        f64::from(self.next_u32()) < p * 4_294_967_296.0
    }

    /// A whole number in `0..n`: `floor(unit() * n)`, as Playground's shuffle picks
    /// an index.
    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }

    /// A standard normal number by Marsaglia's polar method, as Playground's
    /// `normalRandom` draws it: points uniform in the square `[-1, 1)^2` until one
    /// lies in the unit disc (`0 < s <= 1`), then `v1 sqrt(-2 ln s / s)`. Exact, with
    /// no table, and the same on every target (IEEE sqrt, `libm`'s log).
    pub fn normal(&mut self) -> f64 {
        loop {
            let v1 = 2.0 * self.unit() - 1.0;
            let v2 = 2.0 * self.unit() - 1.0;
            let s = v1 * v1 + v2 * v2;
            if s > 0.0 && s <= 1.0 {
                return (-2.0 * libm::log(s) / s).sqrt() * v1;
            }
        }
    }

    /// Fisher-Yates shuffle in place, last position first, as Playground's `shuffle`.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for counter in (1..=items.len()).rev() {
            let index = self.below(counter);
            items.swap(counter - 1, index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcg32_matches_the_reference_demo() {
        // pcg32-demo of pcg-c-basic, `pcg32_srandom_r(&rng, 42u, 54u)`, round 1.
        let mut rng = Pcg32::seeded(42, 54);
        let first: Vec<u32> = (0..6).map(|_| rng.next_u32()).collect();
        assert_eq!(
            first,
            [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e]
        );
    }

    #[test]
    fn streams_and_seeds_give_different_sequences() {
        let draw = |seed, stream| {
            let mut rng = Pcg32::new(seed, stream);
            (0..4).map(|_| rng.next_u32()).collect::<Vec<_>>()
        };
        assert_eq!(draw(7, Stream::Data), draw(7, Stream::Data));
        assert_ne!(draw(7, Stream::Data), draw(7, Stream::Weights));
        assert_ne!(draw(7, Stream::Data), draw(8, Stream::Data));
    }

    #[test]
    fn unit_stays_in_the_half_open_interval_with_the_right_mean() {
        let mut rng = Pcg32::new(1, Stream::Data);
        let draws: Vec<f64> = (0..100_000).map(|_| rng.unit()).collect();
        assert!(draws.iter().all(|&u| (0.0..1.0).contains(&u)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        // The standard error of the mean is 1 / sqrt(12 * 10^5) ~ 0.0009.
        assert!((mean - 0.5).abs() < 0.004, "mean {mean}");
    }

    #[test]
    fn normal_has_mean_zero_and_variance_one() {
        let mut rng = Pcg32::new(2, Stream::Weights);
        let n = 100_000;
        let draws: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let variance = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        // Standard errors: 0.003 for the mean, 0.0045 for the variance.
        assert!(mean.abs() < 0.015, "mean {mean}");
        assert!((variance - 1.0).abs() < 0.025, "variance {variance}");
        let within_one = draws.iter().filter(|x| x.abs() < 1.0).count() as f64 / n as f64;
        assert!(
            (within_one - 0.6827).abs() < 0.01,
            "P(|x| < 1) = {within_one}"
        );
    }

    #[test]
    fn shuffle_is_a_permutation_and_moves_things() {
        let mut rng = Pcg32::new(3, Stream::Data);
        let mut items: Vec<usize> = (0..50).collect();
        rng.shuffle(&mut items);
        let mut sorted = items.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(items, sorted);
    }

    #[test]
    fn bernoulli_hits_its_probability() {
        let mut rng = Pcg32::new(5, Stream::Data);
        let n = 200_000;
        let hits = (0..n).filter(|_| rng.bernoulli(0.005)).count() as f64;
        // Expected 1000, standard deviation ~32.
        assert!((hits - 1000.0).abs() < 130.0, "{hits} hits");
        assert!((0..1000).all(|_| !rng.bernoulli(0.0)));
        assert!((0..1000).all(|_| rng.bernoulli(1.0)));
    }

    #[test]
    fn below_covers_every_value() {
        let mut rng = Pcg32::new(4, Stream::Data);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            seen[rng.below(7)] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
