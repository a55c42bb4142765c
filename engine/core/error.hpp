#pragma once
// Errors the engine reports to its callers. Each message says what is wrong and how to fix it;
// the fix points at a setting through a Hint, which each front end words for its users.
// what() is the neutral wording (settings by their plain names).
#include <exception>
#include <stdexcept>
#include <string>

#include "engine/core/hint.hpp"

namespace rnnwb {

struct EngineError : std::runtime_error {
  explicit EngineError(Message m) : std::runtime_error(m.neutral()), message(std::move(m)) {}
  Message message;
};

// A model description that cannot be built (bad stack, bad sizes).
struct ModelError : EngineError {
  using EngineError::EngineError;
};

// Data handed to the engine that does not fit the model (shapes, sizes).
struct ShapeError : EngineError {
  using EngineError::EngineError;
};

// A training configuration that makes no sense (batch size 0, negative rate...).
struct ConfigError : EngineError {
  using EngineError::EngineError;
};

// Input data that cannot be used as it is (a malformed CSV, missing values, too few rows).
struct DataError : EngineError {
  using EngineError::EngineError;
};

// A model or session file that cannot be read or written (truncated, wrong version, bad shapes).
struct FileError : EngineError {
  using EngineError::EngineError;
};

// The structured message of an engine error, or what() of any other exception.
inline Message message_of(const std::exception& e) {
  if (const auto* engine = dynamic_cast<const EngineError*>(&e)) return engine->message;
  return Message(e.what());
}

}  // namespace rnnwb
