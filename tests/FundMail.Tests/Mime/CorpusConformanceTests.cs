using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace FundMail.Tests.Mime
{
    public sealed class CorpusConformanceTests
    {
        /// <summary>
        /// Messages that must agree with expected.json on every field; raise it when more agree. 58: since issue 18 a line
        /// without a colon inside the header block is skipped, so mime4j__malformedHeader-nocrlfcrlf.eml left Python's answer.
        /// </summary>
        private const int AgreementFloor = 58;

        private readonly ITestOutputHelper output;

        public CorpusConformanceTests(ITestOutputHelper output) => this.output = output;

        [Fact]
        public void Corpus_matches_python_reference_except_listed_deviations()
        {
            var corpus = CorpusLocator.Find();
            using var expectedJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "expected.json")));
            using var temp = new TempParse();
            var agree = 0;
            var total = 0;
            var unexplained = new List<string>();
            var used = new HashSet<(string, string)>();
            foreach (var expected in expectedJson.RootElement.EnumerateArray())
            {
                total++;
                var file = CorpusComparer.Str(expected, "file")!;
                var mail = temp.ParseFile(Path.Combine(corpus, file));
                var diffs = CorpusComparer.Differences(expected, mail);
                if (diffs.Count == 0) agree++;
                foreach (var (field, detail) in diffs)
                {
                    if (CorpusDeviations.Reasons.TryGetValue((file, field), out var reason))
                    {
                        used.Add((file, field));
                        output.WriteLine($"deviation {file} {field}: {reason}");
                    }
                    else unexplained.Add($"{file} {field}: {detail}");
                }
            }
            var stale = CorpusDeviations.Reasons.Keys.Where(k => !used.Contains(k)).Select(k => $"{k.Item1} {k.Item2}").ToList();
            output.WriteLine($"{agree}/{total} agree");
            foreach (var u in unexplained) output.WriteLine("UNEXPLAINED " + u);
            foreach (var s in stale) output.WriteLine("STALE " + s);
            Assert.Equal(77, total);
            Assert.Empty(unexplained);
            Assert.Empty(stale);
            Assert.True(agree >= AgreementFloor, $"{agree}/{total} agree, floor is {AgreementFloor}");
        }
    }
}
