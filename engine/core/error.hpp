#pragma once
// Errors the engine reports to its callers. Each message says what is wrong and how to fix it.
#include <stdexcept>
#include <string>

namespace rnnwb {

// A model description that cannot be built (bad stack, bad sizes).
struct ModelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Data handed to the engine that does not fit the model (shapes, sizes).
struct ShapeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A training configuration that makes no sense (batch size 0, negative rate...).
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Input data that cannot be used as it is (a malformed CSV, missing values, too few rows).
struct DataError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A model or session file that cannot be read or written (truncated, wrong version, bad shapes).
struct FileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace rnnwb
