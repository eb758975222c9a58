using System.Collections.Generic;
using System.IO;

namespace FundMail.Mime
{
    /// <summary>Content types for files that arrive without one (the members of winmail.dat), by extension.</summary>
    internal static class MediaTypes
    {
        private static readonly Dictionary<string, string> ByExtension = new Dictionary<string, string>
        {
            [".txt"] = "text/plain", [".htm"] = "text/html", [".html"] = "text/html", [".csv"] = "text/csv",
            [".rtf"] = "application/rtf", [".pdf"] = "application/pdf", [".zip"] = "application/zip",
            [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".gif"] = "image/gif",
            [".bmp"] = "image/bmp", [".tif"] = "image/tiff", [".tiff"] = "image/tiff",
            [".doc"] = "application/msword", [".xls"] = "application/vnd.ms-excel", [".ppt"] = "application/vnd.ms-powerpoint",
            [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            [".hwp"] = "application/x-hwp", [".eml"] = "message/rfc822", [".msg"] = "application/vnd.ms-outlook",
            [".ics"] = "text/calendar",
        };

        internal static string ForFileName(string? name)
        {
            if (string.IsNullOrEmpty(name)) return "application/octet-stream";
            string extension;
            try { extension = Path.GetExtension(name!).ToLowerInvariant(); }
            catch (System.ArgumentException) { return "application/octet-stream"; } // invalid path characters (.NET Framework)
            return ByExtension.TryGetValue(extension, out var type) ? type : "application/octet-stream";
        }
    }
}
