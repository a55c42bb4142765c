// libFuzzer target for session files: bytes -> parse_session (safetensors structure, the
// "rnnwb_session" JSON and, when present, the trained model). Only FileError (what the loader
// documents for every problem with a file) is an expected outcome; any other exception escapes and
// aborts, and ASan/UBSan report memory errors and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/core/error.hpp"
#include "engine/io/session_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const rnnwb::Session s = rnnwb::parse_session(bytes, "fuzz.rnnwb");
    (void)s.view.dump();
    if (s.trained) (void)s.trained->model.parameters().size();
    // The stored split, as training uses it on a series of 1000 rows.
    const rnnwb::SplitBounds b = rnnwb::split_bounds(1000, s.pipeline.split);
    if (b.train_end > b.validation_end || b.validation_end > b.rows) __builtin_trap();
  } catch (const rnnwb::FileError&) {
    // A rejected file.
  }
  return 0;
}
