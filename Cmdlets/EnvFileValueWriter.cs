using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using FundMail.Util;

namespace FundMail.PowerShell
{
    /// <summary>
    /// Sets one KEY=value line in a .env file and keeps every other line (comments, order, line endings) as it was:
    /// the first line of that key is replaced, later ones are dropped, an absent key is appended. Written atomically.
    /// </summary>
    internal static class EnvFileValueWriter
    {
        public static void Set(string path, string key, string value)
        {
            var text = File.ReadAllText(path, Encoding.UTF8);
            var newline = text.Contains("\r\n") ? "\r\n" : "\n";
            var lines = text.Split(new[] { "\r\n", "\n" }, StringSplitOptions.None);
            var keyLine = new Regex(@"^\s*(export\s+)?" + Regex.Escape(key) + @"\s*=");
            var result = new StringBuilder();
            var written = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var last = i == lines.Length - 1;
                if (keyLine.IsMatch(lines[i]))
                {
                    if (written)
                        continue;
                    lines[i] = key + "=" + value;
                    written = true;
                }
                if (last && lines[i].Length == 0)
                    break;
                result.Append(lines[i]).Append(newline);
            }
            if (!written)
                result.Append(key).Append('=').Append(value).Append(newline);
            AtomicFile.WriteAllText(path, result.ToString());
        }
    }
}
