#include "widgets/timeline/textcache.h"

#include <QFontMetrics>
#include <QPainter>

namespace xenoscope::widgets {

namespace {

// A scrolled-through host with thousands of tracks would grow the cache
// without bound; past this many labels it starts over.
constexpr size_t MaxLabels = 8192;

} // namespace

TextCache::TextCache() {
    setFont(QFont());
}

TextCache::~TextCache() = default;

void TextCache::setFont(const QFont& font) {
    if (lineHeight_ > 0 && font == font_)
        return;
    labels_.clear();
    byText_.clear();
    font_ = font;
    lineHeight_ = QFontMetrics(font_).height();
}

TextCache::Label TextCache::layOut(const QString& text, const QFont& font) {
    Label label;
    label.text.setText(text);
    label.text.setTextFormat(Qt::PlainText);
    label.text.setPerformanceHint(QStaticText::AggressiveCaching);
    label.text.prepare(QTransform(), font);
    label.width = QFontMetrics(font).horizontalAdvance(text);
    return label;
}

const TextCache::Label& TextCache::insert(uint64_t key, const QString& text) {
    if (labels_.size() >= MaxLabels)
        labels_.clear();
    return labels_.emplace(key, layOut(text, font_)).first->second;
}

const TextCache::Label& TextCache::get(const QString& text) {
    const auto it = byText_.find(text);
    if (it != byText_.end())
        return it->second;
    if (byText_.size() >= MaxLabels)
        byText_.clear();
    return byText_.emplace(text, layOut(text, font_)).first->second;
}

void TextCache::draw(QPainter& p, const Label& label, double x, double top, double height) const {
    p.drawStaticText(QPointF(x, top + (height - lineHeight_) / 2.0), label.text);
}

} // namespace xenoscope::widgets
