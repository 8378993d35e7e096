#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "importer/site_import.h"

namespace portal {

namespace {
using importer::ImportIntoSite;
using importer::ImportOptions;
using importer::ImportReport;
using importer::ImportRow;

struct ImportFlags {
  std::string source = ".", section;
  std::vector<std::string> inputs;
};

int RunImportCommand(const ImportFlags& flags) {
  ImportOptions options;
  options.site_root = flags.source;
  options.section = flags.section;
  for (const std::string& in : flags.inputs) options.inputs.emplace_back(in);
  Diagnostics diags;
  ImportReport report;
  bool ok = ImportIntoSite(options, &report, &diags);
  std::cerr << diags.Format();
  if (report.rows.empty()) return ok ? 0 : 1;
  std::cout << importer::FormatImportTable(report);
  int written = 0;
  for (const ImportRow& r : report.rows) written += r.output.empty() ? 0 : 1;
  std::cout << "imported " << written << " of " << report.rows.size() << " file(s) into content/"
            << flags.section << "/; " << diags.warning_count()
            << " warning(s) to check before publishing\n";
  return ok ? 0 : 1;
}
}  // namespace

CommandRun AddImportCommand(CLI::App* app) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* c = app->add_subcommand(
      "import", "Turn .txt and .docx speeches into Markdown pages in SITE/content/SECTION/");
  c->add_option("inputs", flags->inputs, "Files (.txt, .docx) or folders of them")->required();
  c->add_option("--section", flags->section, "Section to import into, e.g. speeches")->required();
  c->add_option("-s,--source", flags->source, "Site folder holding site-config/ and content/ (default: .)");
  return [c, flags]() -> int { return c->parsed() ? RunImportCommand(*flags) : -1; };
}

}  // namespace portal
