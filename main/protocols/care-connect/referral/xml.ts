import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** An XML element tree as fast-xml-parser builds it: `@name` keys are attributes, `#text` is text. */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | number | XmlNode | XmlNode[] | undefined;

// suppressBooleanAttributes off: an attribute whose value is "true" (contextConductionInd) must keep its value.
// The builder escapes &, <, >, ' and " in every text and attribute value, so patient text can
// never become markup. fast-xml-builder (the successor) is not a dependency we may add.
// eslint-disable-next-line @typescript-eslint/no-deprecated
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: true, suppressBooleanAttributes: false, format: true, indentBy: '  ' });

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Serialises a tree with the XML declaration; undefined members are left out. */
export function buildXml(tree: XmlNode): string {
  return `${XML_DECLARATION}\n${builder.build(tree)}`;
}

/** Characters XML 1.0 cannot carry at all (escaping does not help): lone surrogates, U+FFFE/FFFF, C0 controls. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text safe to put in an XML document: characters XML cannot hold become U+FFFD, so nothing is silently dropped. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML, '\ufffd');
}

/** A parser that keeps attributes and namespace prefixes and never expands entities beyond XML's five. */
export function xmlParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: false,
  });
}
