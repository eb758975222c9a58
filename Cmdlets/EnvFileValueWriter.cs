using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using FundMail.Util;

namespace FundMail.PowerShell
{
    /// <summary>
    /// Sets one KEY=value line in a .env file and keeps every other line (comments, order, line endings, a BOM)
    /// as it was: the first line of that key is replaced, later ones are dropped, an absent key is appended.
    /// Written atomically. A file that is not UTF-8 (say, saved as ANSI/CP949) is refused rather than rewritten,
    /// since decoding it as UTF-8 would destroy its non-ASCII comments.
    /// </summary>
    internal static class EnvFileValueWriter
    {
        private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

        public static void Set(string path, string key, string value)
        {
            var bytes = File.ReadAllBytes(path);
            var hasBom = bytes.Length >= 3 && bytes.Take(3).SequenceEqual(Bom);
            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, hasBom ? 3 : 0, bytes.Length - (hasBom ? 3 : 0));
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidDataException(path + " is not UTF-8 text; save it as UTF-8 and run again.");
            }

            var newline = text.Contains("\r\n") ? "\r\n" : "\n";
            var lines = text.Split(new[] { "\r\n", "\n" }, StringSplitOptions.None);
            var keyLine = new Regex(@"^\s*(export\s+)?" + Regex.Escape(key) + @"\s*=");
            var result = new StringBuilder();
            var written = false;
            for (var i = 0; i < lines.Length; i++)
            {
                if (keyLine.IsMatch(lines[i]))
                {
                    if (written)
                        continue;
                    lines[i] = key + "=" + value;
                    written = true;
                }
                if (i == lines.Length - 1 && lines[i].Length == 0)
                    break;
                result.Append(lines[i]).Append(newline);
            }
            if (!written)
                result.Append(key).Append('=').Append(value).Append(newline);

            var output = new UTF8Encoding(false).GetBytes(result.ToString());
            AtomicFile.Write(path, stream =>
            {
                if (hasBom)
                    stream.Write(Bom, 0, Bom.Length);
                stream.Write(output, 0, output.Length);
            });
        }
    }
}
