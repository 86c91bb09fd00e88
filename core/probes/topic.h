#pragma once
// A derived event stream one probe publishes and others subscribe to (e.g.
// runstate transitions, pCPU occupancy changes, HVM exit spans), so every
// analysis reuses one producer. Subscribers are (function pointer, object)
// pairs: no std::function, no allocation per event.

#include <vector>

namespace xenoscope::core {

template <class Event> class Topic {
public:
    // Calls (probe->*Method)(event) for every published event, in
    // subscription order.
    template <auto Method, class P> void subscribe(P* probe) {
        subscribers_.push_back(
            {[](void* self, const Event& e) { (static_cast<P*>(self)->*Method)(e); }, probe});
    }

    void publish(const Event& e) const {
        for (const auto& s : subscribers_)
            s.fn(s.self, e);
    }

    bool empty() const { return subscribers_.empty(); }

private:
    struct Subscriber {
        void (*fn)(void*, const Event&);
        void* self;
    };
    std::vector<Subscriber> subscribers_;
};

} // namespace xenoscope::core
