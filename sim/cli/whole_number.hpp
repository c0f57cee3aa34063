#pragma once
// Integer options checked as written. CLI11 converts with strtoull/strtoll,
// which wrap: `--seed -1` and `--seed 18446744073709551616` both became
// 2^64-1. The range is also printed as an integer (CLI11's NonNegativeNumber
// printed a 309-digit double).
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace raices::cli {

// Why `text` is not a whole number in [min, max] (digits, optionally after a
// sign), or empty if it is one.
std::string whole_number_problem(const std::string& text, int64_t min, uint64_t max);

// A CLI11 validator for whole_number_problem: "--seed: must be a whole number
// from 0 to 18446744073709551615, got '-1'". Attach before the option stores.
CLI::Validator WholeNumber(int64_t min, uint64_t max);

}  // namespace raices::cli
