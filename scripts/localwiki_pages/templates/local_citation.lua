-- The local wiki's own citation templates ({{cite book}}, {{cite journal}}, {{cite web}},
-- {{cite news}}, {{citation}}), written for maintbot's demo and tests; not Wikipedia's CS1.
-- They print a readable reference and give it the anchor id CS1 gives it, so that short
-- footnotes link to it: "CITEREF" + up to four surnames + the year, anchor-encoded;
-- |ref= replaces the id and |ref=none leaves the reference without one.
local p = {}

local function value(args, key)
	local v = args[key]
	if v then
		v = mw.text.trim(v)
		if v ~= '' then
			return v
		end
	end
end

-- The first non-empty parameter of those named by the patterns for slot n ('#' is the number;
-- slot 1 also answers to the bare name, as |last= for |last1=).
local function slot(args, patterns, n)
	for _, pattern in ipairs(patterns) do
		local v = value(args, (pattern:gsub('#', tostring(n))))
		if not v and n == 1 then
			v = value(args, (pattern:gsub('#', '')))
		end
		if v then
			return v
		end
	end
end

local CONTRIBUTORS = { 'contributor#-last', 'contributor-last#', 'contributor#' }
local AUTHORS = { 'last#', 'author#-last', 'author-last#', 'surname#', 'author#', 'subject#', 'host#' }
local EDITORS = { 'editor#-last', 'editor-last#', 'editor#' }

-- A name list as the anchor and the reader take it: the surnames of its first four places
-- (a gap in the numbering stays a gap) and the names shown; nil when the list is empty.
-- at(n) gives place n's surname and shown name, or nothing for an empty place.
local function name_list(count, at)
	local surnames, shown = {}, {}
	for n = 1, count do
		local surname, display = at(n)
		if display then
			table.insert(shown, display)
		end
		if n <= 4 then
			surnames[n] = surname or ''
		end
	end
	if #shown == 0 then
		return nil
	end
	return surnames, shown
end

-- One name list of numbered parameters (|last1= |first1= ...).
local function people(args, patterns, firsts)
	return name_list(9, function(n)
		local last = slot(args, patterns, n)
		local given = last and slot(args, firsts, n)
		return last, given and (last .. ', ' .. given) or last
	end)
end

-- |vauthors=Smith JA, Jones B: surnames without their initials.
local function vancouver(list)
	local names = {}
	for name in mw.text.gsplit(list, '%s*,%s*') do
		if name ~= '' then
			table.insert(names, name)
		end
	end
	return name_list(#names, function(n)
		return (names[n]:gsub('%s+%u+$', '')), names[n]
	end)
end

-- The year CS1 puts in the anchor: |year=, or the year at the end or start of |date=,
-- a year range, c. YYYY or n.d., each with its disambiguation letter.
local YEAR_PATTERNS = {
	'(%d%d%d%d–%d%d%d?%d?%l?)$',
	'^(c%. %d%d%d%d?%l?)$',
	'(%d%d%d%d?%l?)$',
	'^(%d%d%d%d?%l?)',
	'^(n%.d%.%l?)$',
}

local function year_of(args)
	local year = value(args, 'year')
	if year then
		return year
	end
	local date = value(args, 'date') or value(args, 'publication-date') or ''
	for _, pattern in ipairs(YEAR_PATTERNS) do
		local found = mw.ustring.match(date, pattern)
		if found then
			return found
		end
	end
	return ''
end

function p.cite(frame)
	local args = frame:getParent().args
	local kind = frame.args.kind or 'book'
	local surnames, shown = people(args, CONTRIBUTORS, { 'contributor#-first', 'contributor-first#' })
	if not surnames then
		surnames, shown = people(args, AUTHORS, { 'first#', 'author#-first', 'author-first#', 'given#' })
	end
	if not surnames and value(args, 'vauthors') then
		surnames, shown = vancouver(value(args, 'vauthors'))
	end
	local editors = false
	if not surnames then
		surnames, shown = people(args, EDITORS, { 'editor#-first', 'editor-first#' })
		editors = surnames ~= nil
	end
	local year = year_of(args)

	local id
	local ref = value(args, 'ref')
	if ref == 'none' then
		id = nil
	elseif ref and ref ~= 'harv' then
		id = mw.uri.anchorEncode(ref)
	elseif surnames then
		id = mw.uri.anchorEncode('CITEREF' .. table.concat(surnames) .. year)
	end

	local sep = kind == 'citation' and ', ' or '. '
	local parts = {}
	if shown then
		local who = table.concat(shown, '; ')
		if editors then
			who = who .. (#shown > 1 and ', eds.' or ', ed.')
		end
		if year ~= '' then
			who = who .. ' (' .. year .. ')'
		end
		table.insert(parts, who)
	elseif year ~= '' then
		table.insert(parts, '(' .. year .. ')')
	end
	local title = value(args, 'title') or value(args, 'chapter') or 'Untitled'
	local url = value(args, 'url')
	local container = value(args, 'journal') or value(args, 'work') or value(args, 'newspaper')
		or value(args, 'website') or value(args, 'encyclopedia') or value(args, 'magazine')
	if container or kind == 'journal' or kind == 'news' then
		title = '"' .. title .. '"'
	else
		title = "''" .. title .. "''"
	end
	if url then
		title = '[' .. url .. ' ' .. title .. ']'
	end
	table.insert(parts, title)
	if container then
		table.insert(parts, "''" .. container .. "''")
	end
	for _, key in ipairs({ 'volume', 'issue', 'location', 'publisher', 'pages', 'page', 'isbn', 'doi' }) do
		local v = value(args, key)
		if v then
			local labels = { volume = 'Vol. ', issue = 'No. ', pages = 'pp. ', page = 'p. ', isbn = 'ISBN ', doi = 'doi:' }
			table.insert(parts, (labels[key] or '') .. v)
		end
	end
	local text = table.concat(parts, sep) .. '.'
	-- Written out rather than through mw.html, which would escape the entities anchorEncode
	-- leaves in the id a second time; the sanitizer decodes them once, as for CS1's ids.
	local attributes = ' class="citation ' .. kind .. '" style="font-style:inherit"'
	if id then
		attributes = ' id="' .. id .. '"' .. attributes
	end
	return '<cite' .. attributes .. '>' .. text .. '</cite>'
end

return p
