#include "cli.hpp"

int main(int argc, char** argv) { return leads::cli::main(argc, argv); }
