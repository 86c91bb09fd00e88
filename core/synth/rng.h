#pragma once
// The generator's only source of randomness: xoshiro256** seeded through
// splitmix64, with integer-only helpers, so a seed gives the same trace on
// every platform and standard library (std:: distributions do not promise that).

#include <cstdint>

namespace xenoscope::core {

class Rng {
public:
    explicit Rng(uint64_t seed) {
        for (auto& s : s_)
            s = splitmix(seed);
    }

    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n); 0 when n is 0. The tiny modulo bias does not matter here.
    uint64_t below(uint64_t n) { return n ? next() % n : 0; }
    // Uniform in [lo, hi].
    uint64_t between(uint64_t lo, uint64_t hi) { return hi <= lo ? lo : lo + below(hi - lo + 1); }
    // True with probability num / den.
    bool chance(uint64_t num, uint64_t den) { return below(den) < num; }
    // Around `mean`: uniform in [mean/2, 3*mean/2].
    uint64_t around(uint64_t mean) { return between(mean / 2, mean + mean / 2); }
    // A long-tailed duration with roughly the given mean: mostly near it,
    // one in eight draws four to eight times longer (integer arithmetic only).
    uint64_t heavy(uint64_t mean) {
        const uint64_t base = between(mean / 4, mean);
        return chance(1, 8) ? base * between(4, 8) : base;
    }
    // A child generator for an independent stream.
    Rng fork() { return Rng(next()); }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t splitmix(uint64_t& x) {
        uint64_t z = (x += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    uint64_t s_[4]{};
};

} // namespace xenoscope::core
