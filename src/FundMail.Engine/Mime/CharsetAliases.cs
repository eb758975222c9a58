using System.Collections.Generic;

namespace FundMail.Mime
{
    /// <summary>
    /// Charset labels seen in real mail mapped to Windows code pages, for labels .NET does not know
    /// or knows wrongly. Korean labels all go to 949: Outlook writes code page 949 under
    /// "ks_c_5601-1987", and bulk mail writes it under "euc-kr"; 51949 would turn the
    /// CP949-only syllables (e.g. 똠, 햏) into U+FFFD.
    /// </summary>
    internal static class CharsetAliases
    {
        internal static readonly IReadOnlyDictionary<string, int> CodePages = new Dictionary<string, int>
        {
            ["ks_c_5601-1987"] = 949, ["ks_c_5601-1989"] = 949, ["ks_c_5601"] = 949, ["ksc5601"] = 949,
            ["ksc_5601"] = 949, ["ks-c-5601-1987"] = 949, ["euc-kr"] = 949, ["euckr"] = 949, ["x-euc-kr"] = 949,
            ["cp949"] = 949, ["uhc"] = 949, ["windows-949"] = 949, ["x-windows-949"] = 949, ["ms949"] = 949,
            ["korean"] = 949, ["csksc56011987"] = 949, ["iso-ir-149"] = 949, ["csEUCKR"] = 949,
            ["iso-2022-kr"] = 50225, ["csiso2022kr"] = 50225,
            ["iso-2022-jp"] = 50220, ["csiso2022jp"] = 50220,
            ["shift_jis"] = 932, ["shift-jis"] = 932, ["sjis"] = 932, ["x-sjis"] = 932, ["cp932"] = 932,
            ["windows-31j"] = 932, ["ms_kanji"] = 932,
            ["euc-jp"] = 51932, ["x-euc-jp"] = 51932, ["eucjp"] = 51932,
            ["gb2312"] = 936, ["gbk"] = 936, ["x-gbk"] = 936, ["cp936"] = 936, ["euc-cn"] = 936,
            ["x-euc-cn"] = 936, ["gb_2312-80"] = 936, ["chinese"] = 936, ["gb18030"] = 54936,
            ["big5"] = 950, ["big-5"] = 950, ["cn-big5"] = 950, ["x-x-big5"] = 950, ["cp950"] = 950, ["big5-hkscs"] = 950,
            ["utf-8"] = 65001, ["utf8"] = 65001, ["unicode-1-1-utf-8"] = 65001,
            ["us-ascii"] = 20127, ["ascii"] = 20127, ["ansi_x3.4-1968"] = 20127, ["us"] = 20127,
            ["latin1"] = 28591, ["l1"] = 28591, ["iso8859-1"] = 28591, ["iso_8859-1"] = 28591, ["iso-8859-1"] = 28591,
            ["latin2"] = 28592, ["iso8859-2"] = 28592, ["iso_8859-2"] = 28592,
            ["iso8859-5"] = 28595, ["iso8859-7"] = 28597, ["iso8859-9"] = 28599, ["iso8859-15"] = 28605,
            ["latin9"] = 28605, ["iso-8859-8-i"] = 38598,
            ["koi8-r"] = 20866, ["koi8r"] = 20866, ["koi8-u"] = 21866, ["koi8u"] = 21866,
            ["tis-620"] = 874, ["windows-874"] = 874,
            ["cp1250"] = 1250, ["cp1251"] = 1251, ["cp1252"] = 1252, ["cp1253"] = 1253, ["cp1254"] = 1254,
            ["cp1255"] = 1255, ["cp1256"] = 1256, ["cp1257"] = 1257, ["cp1258"] = 1258,
            ["cp850"] = 850, ["cp866"] = 866, ["ibm866"] = 866, ["cp437"] = 437,
        };
    }
}
