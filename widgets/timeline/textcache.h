#pragma once
// TextCache: laid-out labels (QStaticText) and their widths, keyed by a
// number the caller chooses, for one font. The timeline draws the same few
// dozen names (track headers, "d3v1", "p5", the legend) every frame; shaping
// them anew each time cost more than drawing all the tracks' pixels.

#include <QFont>
#include <QStaticText>
#include <QString>

#include <cstdint>
#include <unordered_map>

class QPainter;

namespace xenoscope::widgets {

class TextCache {
public:
    struct Label {
        QStaticText text;
        int width = 0; // horizontal advance in pixels
    };

    TextCache();
    ~TextCache();

    // Forgets every label when `font` is not the one they were laid out for.
    void setFont(const QFont& font);
    const QFont& font() const { return font_; }

    // The label under `key`; `make()` gives its text the first time only.
    template <typename Make> const Label& get(uint64_t key, Make&& make) {
        const auto it = labels_.find(key);
        if (it != labels_.end())
            return it->second;
        return insert(key, make());
    }

    // The label of `text` itself, for the few strings cheaper to build than to key.
    const Label& get(const QString& text);

    // Draws `label` centred vertically in [top, top + height) from x.
    void draw(QPainter& p, const Label& label, double x, double top, double height) const;

    size_t size() const { return labels_.size() + byText_.size(); }

private:
    const Label& insert(uint64_t key, const QString& text);
    static Label layOut(const QString& text, const QFont& font);

    QFont font_;
    int lineHeight_ = 0;
    std::unordered_map<uint64_t, Label> labels_;
    std::unordered_map<QString, Label> byText_;
};

} // namespace xenoscope::widgets
