// The syntax of one EmailAddress value (EML002, EML003, EML004), and the domain helpers behind
// EML005 (cloud-only domain), EML006 (accepted domains) and the tenant name used by PWD005.
//
// Everything here works on the UTF-8 bytes of one value and allocates only to build the message
// of a finding.

/// One problem with an EmailAddress value, found by ``AddressCheck/check(_:)``: codes EML002,
/// EML003 or EML004; the message may quote the address (addresses are not secret).
typealias AddressFinding = ValueFinding

/// The syntax rules for the EmailAddress column of a migration batch.
///
/// Microsoft 365 accepts plain SMTP addresses only: an RFC 5322 dot-atom local part, one `@`,
/// and a domain of two or more labels of ASCII letters, digits and inner hyphens.
enum AddressCheck {
    /// The longest local part (the part before the `@`), in characters.
    static let maxLocalPartLength = 64
    /// The longest address, in characters.
    static let maxAddressLength = 254
    /// The longest domain label, in characters.
    static let maxLabelLength = 63

    /// Checks one EmailAddress value.
    ///
    /// The order of the checks decides which single finding is reported:
    /// 1. A display-name form (`Name <a@b>`) whose bracketed address is ASCII: EML002, with the
    ///    bare address as help (even when the name itself is not ASCII).
    /// 2. Any other non-ASCII character: EML004 (so `josé.müller@contoso.com` is EML004).
    /// 3. The structural EML002 problems: `mailto:`, a quoted local part, no `@`, more than one
    ///    `@`, a space or control character, an IP-literal domain, an empty local part or domain,
    ///    misplaced dots and characters outside atext in the local part, then the domain's labels
    ///    (empty, bad character, leading or trailing hyphen, single label, numeric top label).
    /// 4. An `xn--` (IDN) label: EML004.
    /// 5. Lengths: local part over 64, a label over 63, address over 254 characters: EML003.
    ///
    /// - Parameter value: The UTF-8 bytes of the value, non-empty, surrounding whitespace already
    ///   stripped.
    /// - Returns: The first problem found, or `nil` for a valid address.
    /// - Complexity: O(*n*) in the length of the value; no allocation unless a finding is returned.
    static func check(_ value: UnsafeRawBufferPointer) -> AddressFinding? {
        if value.count == 0 { return nil }
        if plainAt(value) != nil { return nil }
        return checkInDetail(value)
    }

    /// The offset of the `@` of an address that the fast proofs (``isPlainByWords(_:)``, then
    /// ``isPlain(_:)``) clear: ``check(_:)`` finds nothing in it, and as it has a single `@`,
    /// its domain (``domain(of:)``) is everything after that offset.
    ///
    /// - Returns: `nil` when the proofs cannot clear the value (``check(_:)`` then decides).
    @inline(__always)
    static func plainAt(_ value: UnsafeRawBufferPointer) -> Int? {
        let count = value.count
        if count == 0 { return nil }
        if count >= 8 && count <= 64 {
            let at = isPlainByWords(value)
            if at > 0 { return at }
            if at < 0 { return nil }  // a byte from 0x80 up, which isPlain(_:) clears no more
        }
        return isPlain(value)
    }

    /// A faster, narrower form of ``isPlain(_:)`` for values of 8 to 64 bytes, 8 bytes at a
    /// time: the offset of the `@` only for an address that ``isPlain(_:)`` also clears, whose
    /// bytes are ASCII letters, digits, `.`, `-` and one `@`, and whose top label ends within its
    /// last 8 bytes with a letter or hyphen there. Anything else (an `_` or another atext symbol
    /// included) gets 0 and goes to ``isPlain(_:)``; a value with a byte from 0x80 up gets -1,
    /// as ``isPlain(_:)`` clears no such value either.
    ///
    /// Each word yields one bit per byte for `@`, `.` and `.`-or-`-`; the value's bitmaps (at
    /// most 64 bits) then decide the dot and hyphen rules with a few masks and shifts.
    @inline(__always)
    private static func isPlainByWords(_ value: UnsafeRawBufferPointer) -> Int {
        let count = value.count
        let last = count - 8
        var ats: UInt64 = 0
        var dots: UInt64 = 0
        var separators: UInt64 = 0  // '.' and '-'
        // Whole words, then the last 8 bytes, which may overlap the word before (whose bits
        // they set again). Every shift here and below is by 0 to 63: the wrapping shifts are
        // the plain ones.
        var offset = 0
        while offset < last {
            guard let lanes = plainLanes(value.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
            else { return UTF8Validation.isASCII(value) ? 0 : -1 }
            ats |= ByteLanes.bits(lanes.at) &<< UInt64(offset)
            dots |= ByteLanes.bits(lanes.dot) &<< UInt64(offset)
            separators |= ByteLanes.bits(lanes.separator) &<< UInt64(offset)
            offset += 8
        }
        guard let lanes = plainLanes(value.loadUnaligned(fromByteOffset: last, as: UInt64.self).littleEndian)
        else { return UTF8Validation.isASCII(value) ? 0 : -1 }
        ats |= ByteLanes.bits(lanes.at) &<< UInt64(last)
        dots |= ByteLanes.bits(lanes.dot) &<< UInt64(last)
        separators |= ByteLanes.bits(lanes.separator) &<< UInt64(last)
        if ats.nonzeroBitCount != 1 { return 0 }
        let at = ats.trailingZeroBitCount
        // The local part is 1 to 63 bytes and the domain at most 62: only emptiness to check.
        if at == 0 || at == count - 1 { return 0 }
        // The local part: no dot first, last, or after a dot.
        let localDots = dots & (UInt64.max &>> UInt64(64 - at))
        if localDots & (1 | 1 &<< UInt64(at - 1) | localDots &>> 1) != 0 { return 0 }
        // The domain, bits at + 1 ..< count: no '.' or '-' first, last, or after one of them;
        // at least one dot.
        let domain = (UInt64.max &>> UInt64(64 - count)) & ~(UInt64.max &>> UInt64(63 - at))
        let domainSeparators = separators & domain
        if domainSeparators & (1 &<< UInt64(at + 1) | 1 &<< UInt64(count - 1) | domainSeparators &>> 1) != 0 {
            return 0
        }
        let domainDots = dots & domain
        if domainDots == 0 { return 0 }
        // The top label (after the last dot) must not be all digits; only its part in the last
        // word is known here, and a letter or hyphen there settles it.
        let lastDigits = ByteLanes.bits(lanes.digit)
        let lastDot = 63 - domainDots.leadingZeroBitCount
        let label: UInt64 = (0xFF &<< UInt64(max(lastDot + 1 - last, 0))) & 0xFF
        return lastDigits & label != label ? at : 0
    }

    /// The `@`, `.`, `.`-or-`-` and digit lanes of 8 bytes (see ``ByteLanes``), or `nil` when
    /// a byte is not an ASCII letter, digit, `.`, `-` or `@`.
    @inline(__always)
    private static func plainLanes(_ word: UInt64) -> (at: UInt64, dot: UInt64, separator: UInt64, digit: UInt64)? {
        if word & ByteLanes.high != 0 { return nil }  // the lane tests below assume ASCII
        let at = ByteLanes.equalASCII(word, Byte.at)
        let dot = ByteLanes.equalASCII(word, Byte.dot)
        let separator = dot | ByteLanes.equalASCII(word, Byte.hyphen)
        let digit = ByteLanes.inRangeASCII(word, 0x30, 0x39)
        let letter = ByteLanes.inRangeASCII(word | 0x2020_2020_2020_2020, 0x61, 0x7A)
        if at | separator | digit | letter != ByteLanes.high { return nil }
        return (at, dot, separator, digit)
    }

    /// Whether `local` is a local part that ``isPlain(_:)`` would clear: 1 to 64 bytes of atext
    /// and dots, no dot first, last or after a dot (and so no `@`). From 8 bytes on, 8 at a
    /// time and narrower: letters, digits, `.`, `-` and `/` only (`false` for other atext,
    /// which a caller then leaves to ``plainAt(_:)``); the dot rules run on the words' lanes,
    /// the last 1 to 7 bytes in a word of their own.
    ///
    /// With it, an address on a domain already cleared with another local part is cleared
    /// without looking at its domain again (see ``PlainDomain``).
    @inline(__always)
    static func isPlainLocalPart(_ local: UnsafeRawBufferPointer) -> Bool {
        let count = local.count
        if count < 8 {
            guard count > 0 else { return false }
            let classes = AddressTables.shared.classes
            var bad: UInt32 = 0
            var previous: UInt32 = AddressTables.dot  // a leading dot is a dot after a dot
            for i in 0..<count {
                let c = UInt32(classes[Int(local[i])])
                bad |= c & (AddressTables.notLocal | AddressTables.at) | previous & c & AddressTables.dot
                previous = c
            }
            return bad | previous & AddressTables.dot == 0
        }
        if count > maxLocalPartLength || local[count &- 1] == Byte.dot { return false }
        var bad: UInt64 = 0
        var dotBefore: UInt64 = 0x80  // lane 0 of the first word: a leading dot is a dot after a dot
        var offset = 0
        while offset &+ 8 <= count {
            let word = local.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
            guard let dots = localPartDots(word) else { return false }
            bad |= dots & (dots &<< 8 | dotBefore)
            dotBefore = dots &>> 56
            offset &+= 8
        }
        let rest = count &- offset
        if rest > 0 {
            // The last bytes, in the low lanes of a word ending at the last byte; the lanes
            // above them are 'a', which no rule minds.
            let word = local.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self).littleEndian &>> UInt64(64 &- 8 &* rest)
            guard let dots = localPartDots(word | 0x6161_6161_6161_6161 &<< UInt64(8 &* rest)) else { return false }
            bad |= dots & (dots &<< 8 | dotBefore)
        }
        return bad == 0
    }

    /// The dot lanes of 8 bytes of a local part, or `nil` when a byte is not a letter, digit,
    /// `-`, `.` or `/` (0x2D-0x39 but for the digits: all atext or a dot).
    @inline(__always)
    private static func localPartDots(_ word: UInt64) -> UInt64? {
        if word & ByteLanes.high != 0 { return nil }  // the lane tests below assume ASCII
        let letter = ByteLanes.inRangeASCII(word | 0x2020_2020_2020_2020, 0x61, 0x7A)
        if letter | ByteLanes.inRangeASCII(word, 0x2D, 0x39) != ByteLanes.high { return nil }
        return ByteLanes.equalASCII(word, Byte.dot)
    }

    /// A fast proof that ``check(_:)`` finds nothing: an ASCII dot-atom local part of at most
    /// 64 characters, one `@`, and a domain of at most 63 characters made of two or more labels
    /// of letters, digits and inner hyphens, whose last label is not all digits, and without
    /// `--` (so no `xn--` label). One table lookup per byte, no branch per byte but the loop's.
    /// - Returns: The offset of the (single) `@`; `nil` does not mean the address is bad:
    ///   ``checkInDetail(_:)`` then decides.
    @inline(__always)
    private static func isPlain(_ value: UnsafeRawBufferPointer) -> Int? {
        let count = value.count
        let bytes = value.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let classes = AddressTables.shared.classes
        // The local part, up to the first '@': atext and single inner dots.
        var bad: UInt32 = 0
        var previous: UInt32 = AddressTables.dot  // a leading dot is a dot after a dot
        var at = 0
        while true {
            if at == count { return nil }
            let c = UInt32(classes[Int(bytes[at])])
            if c & AddressTables.at != 0 { break }
            bad |= (c & AddressTables.notLocal) | (previous & c & AddressTables.dot)
            previous = c
            at += 1
        }
        // Not empty, no dot before the '@', at most 64 characters; the domain 1 to 63.
        let domainLength = count - at - 1
        if at == 0 || at > maxLocalPartLength || domainLength < 1 || domainLength > maxLabelLength { return nil }
        bad |= previous & AddressTables.dot
        // The domain: letters, digits, dots and hyphens, no two of '.' and '-' in a row, none
        // first or last; at least one dot; the last label not all digits.
        previous = AddressTables.separator  // nothing may start the domain but a letter or digit
        var dots: UInt32 = 0
        var numeric: UInt32 = AddressTables.digit  // the current label is all digits so far
        for i in (at + 1)..<count {
            let c = UInt32(classes[Int(bytes[i])])
            bad |= (c & AddressTables.notDomain) | (previous & c & AddressTables.separator)
            dots |= c
            numeric = (numeric & c & AddressTables.digit) | (c & AddressTables.dot) << 1  // a dot starts a label
            previous = c
        }
        bad |= previous & AddressTables.separator
        return bad == 0 && dots & AddressTables.dot != 0 && numeric == 0 ? at : nil
    }

    /// ``check(_:)`` step by step, for (non-empty) values that ``plainAt(_:)`` cannot clear: a
    /// caller that has tried ``plainAt(_:)`` already calls this rather than ``check(_:)``.
    static func checkInDetail(_ value: UnsafeRawBufferPointer) -> AddressFinding? {
        var nonASCII: NonASCIIByte?
        let finding = checkInDetail(value, nonASCII: &nonASCII)
        guard let nonASCII else { return finding }
        let shown = QuotedAddress(value, general: quoted)
        return AddressFinding(
            code: "EML004", message: MessageText.make { nonASCII.write(&$0, value, shown: shown) }, help: nonASCII.help,
            scalarOffset: nonASCII.scalarOffset)
    }

    /// ``checkInDetail(_:)``, but for the EML004 of a non-ASCII byte: that one is not returned
    /// but set in `nonASCII` (and `nil` is returned), for the caller to lay its message out
    /// where it keeps its findings' text (``Findings/report(_:help:fieldIndex:scalarOffset:message:)``).
    static func checkInDetail(_ value: UnsafeRawBufferPointer, nonASCII: inout NonASCIIByte?) -> AddressFinding? {
        let count = value.count
        // A value with a non-ASCII byte and no display name (which would come first) has its
        // EML004: the first such byte is found a word at a time, and none of the byte-by-byte
        // pass below is needed.
        if value[count - 1] != Byte.greaterThan, let first = ByteLanes.firstNonASCII(in: value) {
            nonASCII = NonASCIIByte(firstAt: first, domainStart: lastAt(value).map { $0 + 1 })
            return nil
        }

        // One pass: the first non-ASCII byte, the '@' signs, the first space or control byte.
        var firstNonASCII = -1
        var atCount = 0
        var firstAt = -1
        var secondAt = -1
        var firstSpace = -1
        for i in 0..<count {
            let byte = value[i]
            if byte >= 0x80 {
                if firstNonASCII < 0 { firstNonASCII = i }
            } else if byte == Byte.at {
                atCount += 1
                if firstAt < 0 { firstAt = i } else if secondAt < 0 { secondAt = i }
            } else if byte <= 0x20 || byte == 0x7F {
                if firstSpace < 0 { firstSpace = i }
            }
        }

        if value[count - 1] == Byte.greaterThan, let finding = displayNameFinding(value) {
            return finding
        }
        if firstNonASCII >= 0 {
            nonASCII = NonASCIIByte(firstAt: firstNonASCII, domainStart: lastAt(value).map { $0 + 1 })
            return nil
        }
        if hasPrefixIgnoringCase(value, "mailto:") {
            let rest = text(UnsafeRawBufferPointer(rebasing: value[7...]))
            return malformed(
                value, "it starts with 'mailto:'", help: "write '\(rest)' without 'mailto:'", at: 0)
        }
        if value[0] == Byte.quote {
            return malformed(
                value, "the part before the '@' is quoted, which Microsoft 365 does not support",
                help: "use the mailbox's plain primary SMTP address, without quotes", at: 0)
        }
        if atCount == 0 {
            let shown = QuotedAddress(value, general: quoted)
            return AddressFinding(
                code: "EML002",
                message: MessageText.make {
                    $0.append(shown)
                    $0.append(" is not an email address: it has no '@'")
                },
                help: "use the mailbox's primary SMTP address, e.g. pilarp@contoso.com", scalarOffset: 0)
        }
        if atCount > 1 {
            return malformed(
                value, "it has more than one '@'",
                help: "an address has exactly one '@'; put one address per row", at: secondAt)
        }
        if firstSpace >= 0 {
            return malformed(
                value, "it contains \(describeSpace(value[firstSpace]))",
                help: "remove it; an address has no spaces or control characters", at: firstSpace)
        }
        let domainStart = firstAt + 1
        if firstAt == 0 {
            return malformed(
                value, "there is nothing before the '@'",
                help: "use the mailbox's primary SMTP address, e.g. pilarp@contoso.com", at: 0)
        }
        if domainStart == count {
            return malformed(
                value, "there is nothing after the '@'",
                help: "add the mailbox's domain, e.g. contoso.com", at: firstAt)
        }
        if value[domainStart] == Byte.leftBracket {
            return malformed(
                value, "the domain is an IP address in brackets, which Microsoft 365 does not support",
                help: "use the mailbox's domain name, e.g. contoso.com", at: domainStart)
        }
        if let finding = localPartFinding(value, end: firstAt) { return finding }

        // The domain: labels of letters, digits and inner hyphens, separated by single dots.
        var labelCount = 0
        var labelStart = domainStart
        var lastLabelIsNumeric = true
        var firstIDNLabel = -1
        var firstLongLabel = -1
        var i = domainStart
        while i <= count {
            if i == count || value[i] == Byte.dot {
                if i == labelStart {
                    let problem =
                        i == domainStart
                        ? "the domain starts with a dot"
                        : i == count ? "the domain ends with a dot" : "the domain has two dots in a row"
                    return malformed(
                        value, problem, help: "remove the extra dot", at: i == count ? count - 1 : i)
                }
                if value[labelStart] == Byte.hyphen || value[i - 1] == Byte.hyphen {
                    let at = value[labelStart] == Byte.hyphen ? labelStart : i - 1
                    return malformed(
                        value, "a domain label starts or ends with a hyphen",
                        help: "a hyphen may only stand between letters or digits of a label", at: at)
                }
                if firstIDNLabel < 0, i - labelStart >= 4, isIDNPrefix(value, at: labelStart) {
                    firstIDNLabel = labelStart
                }
                if firstLongLabel < 0, i - labelStart > maxLabelLength { firstLongLabel = labelStart }
                labelCount += 1
                labelStart = i + 1
                if i < count { lastLabelIsNumeric = true }
            } else {
                let byte = value[i]
                if Byte.isDigit(byte) {
                    // stays numeric
                } else if Byte.isLetter(byte) || byte == Byte.hyphen {
                    lastLabelIsNumeric = false
                } else {
                    return malformed(
                        value, "the character '\(Character(Unicode.Scalar(byte)))' is not allowed in a domain",
                        help: "a domain has only letters, digits, hyphens and dots", at: i)
                }
            }
            i += 1
        }
        if labelCount < 2 {
            let domain = text(UnsafeRawBufferPointer(rebasing: value[domainStart...]))
            return malformed(
                value, "the domain '\(domain)' has a single label",
                help: "use the full domain, e.g. contoso.com", at: domainStart)
        }
        if lastLabelIsNumeric {
            return malformed(
                value, "the domain is an IP address, which Microsoft 365 does not support",
                help: "use the mailbox's domain name, e.g. contoso.com", at: domainStart)
        }

        if firstIDNLabel >= 0 {
            let shown = QuotedAddress(value, general: quoted)
            return AddressFinding(
                code: "EML004",
                message: MessageText.make {
                    $0.append(shown)
                    $0.append(" has an internationalized (xn--) domain, which Microsoft 365 does not support")
                },
                help: "use an address on an ASCII domain", scalarOffset: firstIDNLabel)
        }
        if firstAt > maxLocalPartLength {
            return tooLong(value, "the part before the '@' has \(firstAt) characters (at most \(maxLocalPartLength))", at: 0)
        }
        if firstLongLabel >= 0 {
            var end = firstLongLabel
            while end < count, value[end] != Byte.dot { end += 1 }
            return tooLong(
                value, "a domain label has \(end - firstLongLabel) characters (at most \(maxLabelLength))",
                at: firstLongLabel)
        }
        if count > maxAddressLength {
            return tooLong(value, "it has \(count) characters (at most \(maxAddressLength))", at: 0)
        }
        return nil
    }

    /// The byte range of the domain: everything after the last `@`.
    ///
    /// - Returns: `nil` when the value has no `@` or nothing after its last one.
    /// - Complexity: O(*n*).
    @inline(__always)
    static func domain(of value: UnsafeRawBufferPointer) -> Range<Int>? {
        let count = value.count
        guard count > 1 else { return nil }
        let i = ByteLanes.lastIndex(of: Byte.at, in: value)
        guard i >= 0, i + 1 < count else { return nil }
        return (i + 1)..<count
    }

    /// Whether a domain is a cloud-only Microsoft 365 domain (EML005): it ends with
    /// `.onmicrosoft.com`, compared case-insensitively, with at least one label before that.
    ///
    /// - Parameter domain: The UTF-8 bytes of the domain (see ``domain(of:)``).
    static func isCloudOnly(domain: UnsafeRawBufferPointer) -> Bool {
        let count = domain.count
        guard count > 16 else { return false }  // ".onmicrosoft.com" and at least one more byte
        // Two 8-byte words against ".onmicro" and "soft.com", letters folded to lowercase by
        // setting their 0x20 bit (only where the suffix has a letter, so '.' stays exact).
        let head = domain.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self).littleEndian
        let tail = domain.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self).littleEndian
        return head | 0x2020_2020_2020_2000 == 0x6F72_6369_6D6E_6F2E  // ".onmicro"
            && tail | 0x2020_2000_2020_2020 == 0x6D6F_632E_7466_6F73  // "soft.com"
    }

    /// The byte range of the tenant name within a domain: the first label of the registrable
    /// part.
    ///
    /// - `contoso.com`, `mail.contoso.com` -> `contoso`
    /// - `mail.contoso.co.uk` -> `contoso` (a two-letter country code preceded by one of `co`,
    ///   `com`, `org`, `net`, `ac`, `gov`, `edu`, `ne`, `or`, `go`, `ltd`, `plc`, `mil` is
    ///   treated as a two-label public suffix; there is no full public suffix list)
    /// - `contoso.onmicrosoft.com`, `contoso.mail.onmicrosoft.com` -> `contoso` (the first label
    ///   before `.onmicrosoft.com`)
    ///
    /// A single trailing dot is ignored.
    /// - Parameter bitScans: whether domains of up to 64 bytes take the bit scans over their
    ///   dot positions (the default); without, every domain takes the label walk that longer
    ///   ones take, which the tests compare the scans with.
    /// - Returns: `nil` when the domain has no label left of its suffix (`com`, `co.uk`).
    static func tenantRange(ofDomain domain: UnsafeRawBufferPointer, bitScans: Bool = true) -> Range<Int>? {
        var end = domain.count
        if end > 0, domain[end - 1] == Byte.dot { end -= 1 }
        if end == 0 { return nil }
        let body = UnsafeRawBufferPointer(rebasing: domain[..<end])
        let bytes = body.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if isCloudOnly(domain: body) {
            let prefixEnd = end - cloudSuffix.utf8.count
            var labelEnd = 0
            while labelEnd < prefixEnd, bytes[labelEnd] != Byte.dot { labelEnd += 1 }
            return labelEnd > 0 ? 0..<labelEnd : nil
        }
        if bitScans, end <= 64 { return tenantRange(dots: dotPositions(body), end: end, bytes) }
        // The last three labels, right to left: top, second, third; an empty one among them
        // means no tenant.
        var i = end - 1
        while i >= 0 && bytes[i] != Byte.dot { i -= 1 }
        let topStart = i + 1
        if topStart == end || i < 0 { return nil }  // an empty top label, or a single label
        let secondEnd = i
        i -= 1
        while i >= 0 && bytes[i] != Byte.dot { i -= 1 }
        let second = (i + 1)..<secondEnd
        if second.isEmpty { return nil }
        var third: Range<Int>? = nil
        if i >= 0 {
            let thirdEnd = i
            i -= 1
            while i >= 0 && bytes[i] != Byte.dot { i -= 1 }
            if i + 1 == thirdEnd { return nil }
            third = (i + 1)..<thirdEnd
        }
        if end - topStart == 2 && isSecondLevelSuffix(bytes + second.lowerBound, second.count) { return third }
        return second
    }

    /// ``ByteLanes/positions(of:in:)`` of the dots of a domain of at most 64 bytes, with the
    /// commonest lengths, 8 to 16 bytes, read as two words (the second ending at the last byte).
    @inline(__always)
    private static func dotPositions(_ body: UnsafeRawBufferPointer) -> UInt64 {
        let count = body.count
        guard count >= 8 && count <= 16 else { return ByteLanes.positions(of: Byte.dot, in: body) }
        let first = body.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
        let last = body.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self).littleEndian
        return ByteLanes.bits(ByteLanes.equal(first, Byte.dot))
            | ByteLanes.bits(ByteLanes.equal(last, Byte.dot)) &<< UInt64(count &- 8)
    }

    /// The end of ``tenantRange(ofDomain:)`` for a domain body (trailing dot removed) of at most
    /// 64 bytes, from the bitmap of its dots (bit `i` for byte `i`): the same labels, found
    /// with bit scans instead of byte loops.
    @inline(__always)
    private static func tenantRange(dots: UInt64, end: Int, _ bytes: UnsafePointer<UInt8>) -> Range<Int>? {
        /// The last dot before `limit` (1...64), or -1.
        func lastDot(before limit: Int) -> Int {
            63 - (dots & (UInt64.max &>> UInt64(64 - limit))).leadingZeroBitCount
        }
        let i = lastDot(before: end)
        let topStart = i + 1
        if topStart == end || i < 0 { return nil }  // an empty top label, or a single label
        let secondEnd = i
        if secondEnd == 0 { return nil }  // an empty second label
        let j = lastDot(before: secondEnd)
        let second = (j + 1)..<secondEnd
        if second.isEmpty { return nil }
        var third: Range<Int>? = nil
        if j >= 0 {
            let thirdEnd = j
            let k = thirdEnd == 0 ? -1 : lastDot(before: thirdEnd)
            if k + 1 == thirdEnd { return nil }
            third = (k + 1)..<thirdEnd
        }
        if end - topStart == 2 && isSecondLevelSuffix(bytes + second.lowerBound, second.count) { return third }
        return second
    }

    /// Whether `bytes[0..<count]` is one of ``secondLevelSuffixes``, ignoring case.
    @inline(__always)
    private static func isSecondLevelSuffix(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count == 2 || count == 3 else { return false }
        var key: UInt32 = 0
        for k in 0..<count { key = key << 8 | UInt32(Byte.lowercased(bytes[k])) }
        return secondLevelKeys.contains(key)
    }

    /// The tenant name of a domain, lowercased (see ``tenantRange(ofDomain:)``).
    ///
    /// - Complexity: O(*n*); allocates the returned string.
    static func tenantName(ofDomain domain: UnsafeRawBufferPointer) -> String? {
        guard let range = tenantRange(ofDomain: domain) else { return nil }
        return text(UnsafeRawBufferPointer(rebasing: domain[range])).lowercased()
    }

    /// The tenant name of a domain given as a string, lowercased (see ``tenantRange(ofDomain:)``).
    static func tenantName(ofDomain domain: String) -> String? {
        var copy = domain
        return copy.withUTF8 { tenantName(ofDomain: UnsafeRawBufferPointer($0)) }
    }

    // MARK: Findings

    private static let cloudSuffix = ".onmicrosoft.com"
    private static let secondLevelSuffixes = [
        "co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "ltd", "plc", "mil",
    ]
    /// ``secondLevelSuffixes`` as big-endian integers of their bytes.
    private static let secondLevelKeys: [UInt32] = secondLevelSuffixes.map { $0.utf8.reduce(0) { $0 << 8 | UInt32($1) } }

    /// `Name <address>` or `<address>`, when the bracketed address is ASCII.
    private static func displayNameFinding(_ value: UnsafeRawBufferPointer) -> AddressFinding? {
        let count = value.count
        var open = count - 2
        while open >= 0, value[open] != Byte.lessThan { open -= 1 }
        guard open >= 0 else { return nil }
        let inner = UnsafeRawBufferPointer(rebasing: value[(open + 1)..<(count - 1)])
        if inner.contains(where: { $0 >= 0x80 }) { return nil }
        let bare = text(inner)
        return malformed(
            value, "it is a display name with an address in angle brackets",
            help: bare.isEmpty ? "write the bare address" : "write the bare address '\(bare)'", at: 0)
    }


    /// Dots and atext in the local part `value[0..<end]` (ASCII, non-empty).
    private static func localPartFinding(_ value: UnsafeRawBufferPointer, end: Int) -> AddressFinding? {
        for i in 0..<end {
            let byte = value[i]
            if byte == Byte.dot {
                if i == 0 {
                    return malformed(value, "the part before the '@' starts with a dot", help: "remove the dot", at: i)
                }
                if i == end - 1 {
                    return malformed(value, "the part before the '@' ends with a dot", help: "remove the dot", at: i)
                }
                if value[i - 1] == Byte.dot {
                    return malformed(value, "it has two dots in a row", help: "remove the extra dot", at: i)
                }
            } else if !Byte.isAtext(byte) {
                return malformed(
                    value, "the character '\(Character(Unicode.Scalar(byte)))' is not allowed in an address",
                    help: "before the '@' use only letters, digits, dots and ! # $ % & ' * + - / = ? ^ _ ` { | } ~",
                    at: i)
            }
        }
        return nil
    }

    private static func malformed(
        _ value: UnsafeRawBufferPointer, _ problem: String, help: String?, at offset: Int
    ) -> AddressFinding {
        let shown = QuotedAddress(value, general: quoted)
        return AddressFinding(
            code: "EML002",
            message: MessageText.make {
                $0.append(shown)
                $0.append(" is not a plain SMTP address: ")
                $0.append(problem)
            },
            help: help, scalarOffset: offset)
    }

    private static func tooLong(_ value: UnsafeRawBufferPointer, _ problem: String, at offset: Int) -> AddressFinding {
        let shown = QuotedAddress(value, general: quoted)
        return AddressFinding(
            code: "EML003",
            message: MessageText.make {
                $0.append(shown)
                $0.append(" is too long: ")
                $0.append(problem)
            },
            help: "an address has at most 64 characters before the '@', 63 per domain label and 254 in all",
            scalarOffset: offset)
    }

    // MARK: Byte helpers

    private static func lastAt(_ value: UnsafeRawBufferPointer) -> Int? {
        let i = ByteLanes.lastIndex(of: Byte.at, in: value)
        return i < 0 ? nil : i
    }


    /// Whether the label at `start` begins with `xn--`, case-insensitively.
    private static func isIDNPrefix(_ value: UnsafeRawBufferPointer, at start: Int) -> Bool {
        value[start] | 0x20 == UInt8(ascii: "x") && value[start + 1] | 0x20 == UInt8(ascii: "n")
            && value[start + 2] == Byte.hyphen && value[start + 3] == Byte.hyphen
    }

    private static func hasPrefixIgnoringCase(_ value: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard value.count >= count else { return false }
        let p = prefix.utf8Start
        for i in 0..<count where Byte.lowercased(value[i]) != p[i] { return false }
        return true
    }

    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The value in single quotes, cut to 60 characters so that messages stay short. The general
    /// form of ``QuotedAddress``.
    static func quoted(_ value: UnsafeRawBufferPointer) -> String {
        let full = text(value)
        let scalars = full.unicodeScalars
        if scalars.count <= 60 { return "'\(full)'" }
        var cut = String.UnicodeScalarView()
        cut.append(contentsOf: scalars.prefix(57))
        return "'\(String(cut))...'"
    }

    private static func describeSpace(_ byte: UInt8) -> String {
        switch byte {
        case 0x20: return "a space"
        case 0x09: return "a tab"
        case 0x0A, 0x0D: return "a line break"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "a control character (U+\(String(repeating: "0", count: 4 - hex.count))\(hex))"
        }
    }

    /// The scalar at `byteOffset` quoted when it is visible, else as `U+XXXX`. The general form
    /// of ``MessageText/append(scalarDescription:at:)``.
    static func describeScalar(_ value: UnsafeRawBufferPointer, at byteOffset: Int) -> String {
        var end = byteOffset + 1
        while end < value.count, value[end] & 0xC0 == 0x80 { end += 1 }
        let piece = text(UnsafeRawBufferPointer(rebasing: value[byteOffset..<end]))
        guard let scalar = piece.unicodeScalars.first else { return "a non-ASCII character" }
        if isVisible(scalar) { return "'\(String(scalar))'" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)"
    }

    /// Whether a scalar is shown in quotes in a message (a letter, number, punctuation or
    /// symbol) rather than as its code point.
    static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation, .dashPunctuation,
            .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}

/// The accepted domains of the organization, for EML006.
///
/// Domains compare case-insensitively (ASCII) and exactly: a subdomain of an accepted domain is
/// not accepted, as in Exchange. A trailing dot is ignored on both sides.
struct AcceptedDomains: Sendable {
    /// The accepted domains, lowercased, without a trailing dot.
    private let domains: [[UInt8]]

    /// Creates the list from configured domain names.
    init(_ domains: [String]) {
        self.domains = domains.compactMap { name in
            var bytes = Array(name.lowercased().utf8)
            if bytes.last == Byte.dot { bytes.removeLast() }
            return bytes.isEmpty ? nil : bytes
        }
    }

    /// Whether no domain was configured (EML006 then does not apply).
    var isEmpty: Bool { domains.isEmpty }

    /// Whether `domain` is one of the accepted domains.
    ///
    /// - Complexity: O(*d* × *n*) for *d* accepted domains; no allocation.
    func contains(_ domain: UnsafeRawBufferPointer) -> Bool {
        var count = domain.count
        if count > 0, domain[count - 1] == Byte.dot { count -= 1 }
        search: for accepted in domains where accepted.count == count {
            for i in 0..<count where Byte.lowercased(domain[i]) != accepted[i] { continue search }
            return true
        }
        return false
    }
}

/// Class bits of every byte for ``AddressCheck``'s fast path, built once and never freed.
private final class AddressTables: @unchecked Sendable {
    /// `.` (and ``separator``).
    static let dot: UInt32 = 1
    /// A digit (``dot`` shifted left by one).
    static let digit: UInt32 = 2
    /// `.` or `-`: two of them may not follow each other in a domain.
    static let separator: UInt32 = 4
    /// Not atext and not `.`: never in a plain local part.
    static let notLocal: UInt32 = 8
    /// Not a letter, digit, `-` or `.`: never in a plain domain.
    static let notDomain: UInt32 = 16
    /// `@`.
    static let at: UInt32 = 32
    static let shared = AddressTables()

    let classes: UnsafeMutablePointer<UInt8>

    private init() {
        classes = .allocate(capacity: 256)
        for value in 0..<256 {
            let byte = UInt8(value)
            var c: UInt32 = 0
            if byte == Byte.dot { c |= Self.dot | Self.separator }
            if byte == Byte.hyphen { c |= Self.separator }
            if Byte.isDigit(byte) { c |= Self.digit }
            if byte == Byte.at { c |= Self.at }
            if !(Byte.isAtext(byte) || byte == Byte.dot) { c |= Self.notLocal }
            if !(Byte.isLetter(byte) || Byte.isDigit(byte) || byte == Byte.hyphen || byte == Byte.dot) { c |= Self.notDomain }
            classes[value] = UInt8(c)
        }
    }
}

/// ASCII byte constants and classes for the address rules.
private enum Byte {
    static let at = UInt8(ascii: "@")
    static let dot = UInt8(ascii: ".")
    static let hyphen = UInt8(ascii: "-")
    static let quote = UInt8(ascii: "\"")
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let leftBracket = UInt8(ascii: "[")

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// RFC 5322 atext: letters, digits and ``! # $ % & ' * + - / = ? ^ _ ` { | } ~``.
    static func isAtext(_ byte: UInt8) -> Bool {
        if isLetter(byte) || isDigit(byte) { return true }
        switch byte {
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60,
            0x7B, 0x7C, 0x7D, 0x7E:
            return true
        default:
            return false
        }
    }
}

/// The EML004 of an address's first non-ASCII byte: in the domain when it is at or after the
/// domain's start, else naming the character.
///
/// Plain integers only: holding the ``QuotedAddress`` its message needs (a `String?` in it)
/// made every copy of it a call, 10.8M more instructions on 200k dirty rows (callgrind).
struct NonASCIIByte {
    /// Where the byte is in the (trimmed) value.
    let byteOffset: Int
    /// Where the domain starts (after the last `@`), if the value has one.
    let domainStart: Int?
    /// The position of the byte, in scalars.
    let scalarOffset: Int

    /// The EML004 of the byte at `byteOffset`, the first non-ASCII byte of its value.
    init(firstAt byteOffset: Int, domainStart: Int?) {
        self.byteOffset = byteOffset
        self.domainStart = domainStart
        // Every byte before the first non-ASCII one is a scalar of its own.
        scalarOffset = byteOffset
    }

    /// Whether the byte is in the domain.
    var inDomain: Bool { domainStart.map { byteOffset >= $0 } ?? false }

    /// The finding's help.
    var help: String { inDomain ? "use an address on an ASCII domain" : "use the mailbox's ASCII primary SMTP address" }

    /// Writes the finding's message about `value`, the value it was made from; `shown` is
    /// `value` as ``QuotedAddress`` prepares it (outside the writing closure, which
    /// ``MessageText`` may run twice).
    func write(_ text: inout MessageText, _ value: UnsafeRawBufferPointer, shown: QuotedAddress) {
        text.append(shown)
        if inDomain {
            text.append(" has an internationalized (non-ASCII) domain, which Microsoft 365 does not support")
            return
        }
        text.append(" contains ")
        text.append(scalarDescription: value, at: byteOffset)
        text.append(" (character ")
        text.append(decimal: scalarOffset + 1)
        text.append("); Microsoft 365 does not support non-ASCII addresses")
    }
}
