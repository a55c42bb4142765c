#pragma once
// The colour of each split in charts that draw points or bars of it (scatter, histogram): the
// same hues as the shaded split bands of the series charts (train blue, validation orange, test
// green), opaque.
#include <QColor>
#include <QObject>
#include <QString>

#include "engine/data/pipeline.hpp"

namespace rnnwb::ui {

inline QColor split_point_colour(Split s) {
  if (s == Split::Train) return QColor(31, 119, 180);
  if (s == Split::Validation) return QColor(255, 127, 14);
  return QColor(44, 160, 44);
}

inline QString split_label(Split s) {
  if (s == Split::Train) return QObject::tr("train");
  if (s == Split::Validation) return QObject::tr("validation");
  return QObject::tr("test");
}

}  // namespace rnnwb::ui
