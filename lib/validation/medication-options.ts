/** The medication form's vocabularies live in lib/domain (the layers run downwards); kept here for the forms' imports. */
export * from '../domain/medication-options';
