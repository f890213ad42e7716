<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-audit.xsl: the audit log: when, who, what, from where; newest first. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('audit.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="f" select="form[@id = 'audit-filter']"/>
    <h1><xsl:value-of select="kp:t('audit.title')"/></h1>
    <xsl:if test="string($f/@alert)"><p class="alert error" role="alert"><xsl:value-of select="kp:t($f/@alert)"/></p></xsl:if>
    <xsl:if test="$f/@invalid = '1'"><p class="alert error" role="alert"><xsl:value-of select="kp:t('error.form')"/></p></xsl:if>
    <xsl:call-template name="audit-filter"><xsl:with-param name="f" select="$f"/></xsl:call-template>
    <xsl:choose>
      <xsl:when test="not(entries)"/>
      <xsl:when test="entries/entry">
        <div class="table-wrap">
          <table class="audit">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="kp:t('audit.when')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.who')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.what')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.detail')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.where')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="entries/entry">
                <tr>
                  <td><time datetime="{@at}Z"><xsl:value-of select="kp:date(kp:local(@at))"/><xsl:text> </xsl:text><xsl:value-of select="kp:time(kp:local(@at))"/></time></td>
                  <td><xsl:value-of select="actor"/> <span class="meta"> (<xsl:value-of select="kp:t(concat('audit.kind.', @kind))"/>)</span></td>
                  <td><xsl:call-template name="audit-action"/>
                    <xsl:if test="string(@object-id)"><xsl:text> </xsl:text><span class="meta"><xsl:call-template name="audit-text">
                      <xsl:with-param name="key" select="concat('audit.object.', @object)"/><xsl:with-param name="code" select="@object"/>
                    </xsl:call-template> #<xsl:value-of select="@object-id"/></span></xsl:if></td>
                  <td><xsl:value-of select="detail"/></td>
                  <td><xsl:value-of select="@ip"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:when test="string($f/@query)"><p class="empty"><xsl:value-of select="kp:t('audit.none_filtered')"/></p></xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('audit.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="pager"><xsl:with-param name="base" select="'/audit'"/></xsl:call-template>
  </xsl:template>

  <!-- The filter (a GET form, so a filtered list can be bookmarked and its pages kept): period,
       object and its number, kind of actor; the CSV download of what it shows. -->
  <xsl:template name="audit-filter">
    <xsl:param name="f"/>
    <form method="get" action="{$mount}/audit" class="filter" role="search" aria-label="{kp:t('audit.filter')}">
      <div class="field">
        <xsl:call-template name="input"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name">from</xsl:with-param><xsl:with-param name="label">audit.from</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="max">10</xsl:with-param></xsl:call-template>
      </div>
      <div class="field">
        <xsl:call-template name="input"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name">to</xsl:with-param><xsl:with-param name="label">audit.to</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="max">10</xsl:with-param></xsl:call-template>
      </div>
      <xsl:call-template name="audit-choice">
        <xsl:with-param name="f" select="$f"/><xsl:with-param name="name">object</xsl:with-param>
        <xsl:with-param name="prefix" select="'audit.object.'"/>
      </xsl:call-template>
      <div class="field">
        <xsl:call-template name="input"><xsl:with-param name="form" select="$f"/><xsl:with-param name="name">id</xsl:with-param><xsl:with-param name="label">audit.number</xsl:with-param><xsl:with-param name="max">20</xsl:with-param><xsl:with-param name="inputmode">numeric</xsl:with-param></xsl:call-template>
      </div>
      <xsl:call-template name="audit-choice">
        <xsl:with-param name="f" select="$f"/><xsl:with-param name="name">kind</xsl:with-param>
        <xsl:with-param name="prefix" select="'audit.kind.'"/>
      </xsl:call-template>
      <div class="buttons">
        <button type="submit" class="primary"><xsl:value-of select="kp:t('audit.apply')"/></button>
        <xsl:if test="string($f/@query)">
          <a class="button" href="{$mount}/audit"><xsl:value-of select="kp:t('audit.reset')"/></a>
        </xsl:if>
        <xsl:if test="/page/entries">
          <a class="button" href="{$mount}/audit.csv{substring('?', 1, string-length($f/@query))}{$f/@query}"><xsl:value-of select="kp:t('audit.download_csv')"/></a>
        </xsl:if>
      </div>
    </form>
  </xsl:template>

  <!-- A select of the codes the module offers (choices), "all" first. -->
  <xsl:template name="audit-choice">
    <xsl:param name="f"/>
    <xsl:param name="name"/>
    <xsl:param name="prefix"/>
    <xsl:variable name="id" select="concat($f/@id, '-', $name)"/>
    <xsl:variable name="v" select="$f/f[@n = $name]"/>
    <div class="field">
      <label for="{$id}"><xsl:value-of select="kp:t(concat('audit.filter.', $name))"/></label>
      <select id="{$id}" name="{$name}">
        <xsl:call-template name="invalid"><xsl:with-param name="field" select="$id"/><xsl:with-param name="key" select="$v/@error"/></xsl:call-template>
        <option value=""><xsl:value-of select="kp:t('audit.all')"/></option>
        <xsl:for-each select="$f/choices[@n = $name]/c">
          <option value="{.}"><xsl:if test=". = string($v)"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="kp:t(concat($prefix, .))"/></option>
        </xsl:for-each>
      </select>
      <xsl:call-template name="field-error"><xsl:with-param name="field" select="$id"/><xsl:with-param name="key" select="$v/@error"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- An action's text from the catalogue (audit.action.*), its code under it for searching the
       log; the code alone when a newer module logs an action this catalogue does not know. -->
  <xsl:template name="audit-action">
    <xsl:variable name="text" select="kp:t(concat('audit.action.', @action))"/>
    <xsl:choose>
      <xsl:when test="$text != concat('audit.action.', @action)"><xsl:value-of select="$text"/><xsl:text> </xsl:text><code class="meta"><xsl:value-of select="@action"/></code></xsl:when>
      <xsl:otherwise><code><xsl:value-of select="@action"/></code></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="audit-text">
    <xsl:param name="key"/>
    <xsl:param name="code"/>
    <xsl:variable name="text" select="kp:t($key)"/>
    <xsl:choose>
      <xsl:when test="$text != $key"><xsl:value-of select="$text"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
