#pragma once

// Private helpers to render exceptions for log records.

#include <exception>
#include <string>

namespace pykka::detail {

/// Returns "Type: what()" for the exception, naming the type even for non-std throws.
std::string describe_exception(const std::exception_ptr& error);

}  // namespace pykka::detail
