#include "engine/workflow/history_csv.hpp"

#include <charconv>
#include <cmath>

namespace rnnwb {

namespace {

// Shortest round-trip form ("0.1", "1e-05", "inf").
void append_number(std::string& out, double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

}  // namespace

std::string history_csv(const std::vector<EpochStats>& history) {
  std::string out = "epoch,train_loss,val_loss,lr,seconds\n";
  for (const EpochStats& e : history) {
    out += std::to_string(e.epoch) + ",";
    append_number(out, e.train_loss);
    out += ",";
    if (!std::isnan(e.val_loss)) append_number(out, e.val_loss);  // empty without validation rows
    out += ",";
    append_number(out, e.lr);
    out += ",";
    append_number(out, e.seconds);
    out += "\n";
  }
  return out;
}

}  // namespace rnnwb
